"""train's progress display: complete when training stops early at its target, and stored as it ended.

Issue 20, item 15: tqdm's notebook widget ended red when training stopped early (n < total),
and a saved notebook kept its first state, "epochs: 0%| | 0/20", as the text an untrusted
notebook shows. Here:

- a small notebook is executed by nbclient (as ``scripts/run_notebooks.py`` does) and what it
  stores is read back: one output per run, holding the final state in both ``text/html`` and
  ``text/plain``, full after an early stop, no stale text, no widget, nothing on stderr;
- the display objects are checked directly (every outcome, and in Chinese);
- in a terminal the bar goes to stderr and ends full after an early stop; elsewhere nothing.
"""

from __future__ import annotations

import re
import shutil
import sys

import pytest

import seq2seq_lib.progress as progress
from seq2seq_lib import DateDataset, Seq2Seq, Vocabulary, set_seed, train
from seq2seq_lib.i18n import set_language

FULL_BAR = "|" + "█" * progress.BAR_WIDTH + "|"

# Three runs: stopped early at the target (scripted scores), all epochs, and one that fails.
NOTEBOOK_CELLS = [
    """
import seq2seq_lib.training as training
from seq2seq_lib import DateDataset, Seq2Seq, Vocabulary, set_seed, train

scores = iter([0.2, 0.6, 0.95])
training.evaluate = lambda model, dataset, batch_size=4096: {"exact_match": next(scores)}
set_seed(0)
small = dict(embedding_dim=8, units=16)
corpus, held_out = DateDataset(64, seed=1), DateDataset(16, seed=2)
history = train(Seq2Seq(Vocabulary.dates(), **small), corpus, epochs=20, eval_dataset=held_out, target_accuracy=0.9)
print(f"{len(history)} epochs")
""",
    """
history = train(Seq2Seq(Vocabulary.dates(), **small), corpus, epochs=2)
print(f"{len(history)} epochs")
""",
    """
calls = []


def failing(model, dataset, batch_size=4096):  # fails in the second epoch
    calls.append(1)
    if len(calls) == 2:
        raise RuntimeError("evaluation failed")
    return {"exact_match": 0.5}

training.evaluate = failing
try:
    train(Seq2Seq(Vocabulary.dates(), **small), corpus, epochs=5, eval_dataset=held_out)
except RuntimeError as err:
    print(err)
""",
]


@pytest.fixture(scope="module")
def executed() -> list[list[dict]]:
    """The outputs of each cell, as nbclient stores them."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source.strip()) for source in NOTEBOOK_CELLS]
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    assert "widgets" not in notebook.metadata, "no widget state to save"
    return [[dict(output) for output in cell.outputs] for cell in notebook.cells]


def displays(outputs: list[dict]) -> list[dict]:
    return [output["data"] for output in outputs if output["output_type"] == "display_data"]


def stream(outputs: list[dict], name: str) -> str:
    return "".join(output["text"] for output in outputs if output.get("name") == name)


def test_a_run_that_stops_early_is_stored_complete(executed):
    outputs = executed[0]
    (shown,) = displays(outputs)
    assert set(shown) == {"text/plain", "text/html"}, "no widget: the stored output is the display itself"
    plain, page = shown["text/plain"], shown["text/html"]
    assert plain.startswith(f"epoch 3/20 {FULL_BAR} target reached, stopped early · loss="), plain
    assert "exact_match=0.950" in plain and re.search(r" · \d+\.\d s$", plain)
    assert '<progress value="1" max="1"' in page and "target reached, stopped early" in page
    for stale in ("0%", "0/20", "1/20", "2/20"):
        assert stale not in plain and stale not in page
    assert stream(outputs, "stdout") == "3 epochs\n"
    assert stream(outputs, "stderr") == "", "no console bar in a notebook"


def test_a_run_of_all_epochs_ends_full_without_saying_it_stopped_early(executed):
    (shown,) = displays(executed[1])
    assert shown["text/plain"].startswith(f"epoch 2/2 {FULL_BAR} loss="), shown["text/plain"]
    assert "stopped early" not in shown["text/plain"] and '<progress value="1" max="1"' in shown["text/html"]


def test_a_run_that_fails_is_stored_as_interrupted_where_it_stopped(executed):
    (shown,) = displays(executed[2])
    assert shown["text/plain"].startswith("epoch 1/5 |████░░░░"), shown["text/plain"]
    assert "interrupted" in shown["text/plain"] and '<progress value="1" max="5"' in shown["text/html"]
    assert stream(executed[2], "stdout") == "evaluation failed\n"


# -- the display objects themselves ---------------------------------------------------------------
class Handle:
    """Stands in for IPython's DisplayHandle: keeps every state it was updated with."""

    def __init__(self, shown):
        self.states = [(repr(shown), shown._repr_html_())]

    def update(self, shown):
        self.states.append((repr(shown), shown._repr_html_()))


@pytest.fixture
def notebook_bar(monkeypatch):
    ipython_display = pytest.importorskip("IPython.display")
    monkeypatch.setattr(ipython_display, "display", lambda shown, display_id: Handle(shown))
    return progress.NotebookBar


def test_every_update_replaces_both_renderings(notebook_bar):
    bar = notebook_bar(4)
    bar.advance({"loss": 1.25, "exact_match": 0.5})
    bar.advance({"loss": 0.75, "exact_match": 0.995})
    bar.close(progress.TARGET_REACHED)
    plains = [plain for plain, _ in bar.handle.states]
    assert plains[0].startswith("epoch 0/4 |" + "░" * progress.BAR_WIDTH + "|")
    assert plains[1].startswith("epoch 1/4 |█████░") and "loss=1.250, exact_match=0.500" in plains[1]
    assert plains[2].startswith("epoch 2/4 |██████████░")
    assert plains[3].startswith(f"epoch 2/4 {FULL_BAR} target reached, stopped early · loss=0.750")
    assert '<progress value="2" max="4"' in bar.handle.states[2][1]
    assert '<progress value="1" max="1"' in bar.handle.states[3][1]


def test_a_target_reached_at_the_last_epoch_is_not_called_early(notebook_bar):
    bar = notebook_bar(2)
    for _ in range(2):
        bar.advance({"loss": 0.5})
    bar.close(progress.TARGET_REACHED)
    assert "stopped early" not in repr(bar) and repr(bar).startswith(f"epoch 2/2 {FULL_BAR} loss=0.500")


def test_the_display_speaks_chinese(notebook_bar):
    bar = notebook_bar(20)
    bar.advance({"loss": 0.5, "exact_match": 0.99})
    bar.close(progress.TARGET_REACHED)
    try:
        set_language("zh")
        text, page = repr(bar), bar._repr_html_()
    finally:
        set_language("en")
    assert text.startswith(f"轮 1/20 {FULL_BAR} 已达到目标，提前停止") and "轮 1/20" in page
    assert "损失 0.500，精确匹配 0.990 · " in text and text.endswith(" 秒"), text
    assert "loss=0.500, exact_match=0.990 · " in repr(bar) and repr(bar).endswith(" s"), "English, as it was"
    from seq2seq_lib.i18n import translations

    ZH = translations("zh")

    assert not [s for s in progress.UI_STRINGS if s not in ZH]


def test_html_is_escaped(notebook_bar):
    bar = notebook_bar(1)
    bar.advance({"<b>": 1.0})
    assert "&lt;b&gt;=1.000" in bar._repr_html_()


# -- outside a notebook ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus():
    return DateDataset(64, seed=1)


def tiny():
    set_seed(0)
    return Seq2Seq(Vocabulary.dates(), embedding_dim=8, units=16)


def test_on_a_terminal_an_early_stop_ends_the_bar_full(corpus, capsys, monkeypatch):
    import seq2seq_lib.training as training

    scores = iter([0.5, 0.95])
    monkeypatch.setattr(training, "evaluate", lambda model, dataset, batch_size=4096: {"exact_match": next(scores)})
    monkeypatch.setattr(progress, "_stderr_is_terminal", lambda: True)
    train(tiny(), corpus, epochs=20, eval_dataset=corpus, target_accuracy=0.9)
    err = capsys.readouterr().err
    last = err.replace("\r", "\n").strip().splitlines()[-1]
    assert "100%" in last and "2/2" in last and "target reached, stopped early" in last, last
    assert "/20" not in last


def test_not_a_terminal_and_not_a_notebook_shows_nothing(monkeypatch, tmp_path):
    with open(tmp_path / "log.txt", "w") as log:  # a log file: isatty() is False
        monkeypatch.setattr(sys, "stderr", log)
        assert isinstance(progress.epoch_progress(3, True), progress.NoBar)
    monkeypatch.setattr(sys, "stderr", log)  # closed: isatty() raises ValueError
    assert isinstance(progress.epoch_progress(3, True), progress.NoBar)
    monkeypatch.setattr(sys, "stderr", None)  # pythonw has none
    assert isinstance(progress.epoch_progress(3, True), progress.NoBar)
    monkeypatch.setattr(progress, "_stderr_is_terminal", lambda: True)
    assert isinstance(progress.epoch_progress(3, False), progress.NoBar), "progress=False wins"


@pytest.mark.skipif(shutil.which("script") is None, reason="needs util-linux's script to give stderr a terminal")
def test_the_terminal_check_sees_a_real_terminal(tmp_path):
    import subprocess

    code = "import seq2seq_lib.progress as p; print(p._stderr_is_terminal())"
    on_terminal = subprocess.run(
        ["script", "-qec", f"{sys.executable} -c '{code}'", "/dev/null"], capture_output=True, text=True
    )
    piped = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert on_terminal.stdout.strip() == "True" and piped.stdout.strip() == "False"
