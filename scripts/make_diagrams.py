"""Draw the course's diagrams into assets/ (English) and assets/zh/ (Chinese) with matplotlib alone.

    python scripts/make_diagrams.py            # writes assets/*.png and assets/zh/*.png
    python scripts/make_diagrams.py --out DIR  # writes them into DIR and DIR/zh instead

- ``seq2seq_architecture.png``: the LSTM encoder reads ``24-03-05``, its final state is the
  context C, the LSTM decoder writes ``05/Mar/2024``;
- ``teacher_forcing.png``: the same decoder fed the true previous tokens (teacher forcing)
  and fed its own previous outputs (autoregressive generation), where one early mistake
  becomes the next step's input (what it does after that, notebook 04 measures);
- ``attention.png``: one decoder step of attention, from the scores e_{t,j} to the output;
- ``attention_vs_length.png``: held-out exact match against input length on the copy task,
  plain and attention, from the stored results ``assets/results/attention_vs_length.csv``
  (``scripts/attention_vs_length.py`` measures them and draws the same plot).

Every word a diagram shows is in ``TEXT[language][diagram]``: a language is one more entry,
and, for Chinese, a font with its glyphs (the first of ``CJK_FONTS`` installed; the script
refuses to draw Chinese without one). A notebook shows the picture of its language with
``seq2seq_lib.paths.figure("teacher_forcing.png")``.

The output is deterministic: matplotlib's default style (whatever the local matplotlibrc
says), fixed sizes, and no "Software" entry in the PNG metadata, so running the script again
with the same matplotlib and fonts writes the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402 (the backend must be chosen first)
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DPI = 100

SOURCE = ["2", "4", "-", "0", "3", "-", "0", "5"]
TARGET = ["0", "5", "/", "Mar", "/", "2", "0", "2", "4", "<EOS>"]
DECODER_INPUTS = ["<GO>", *TARGET[:-1]]

# Colours (fill, edge) per role.
ENCODER = ("#dbe9f6", "#2f6fae")
DECODER = ("#fde3c8", "#c0661a")
CONTEXT = ("#e6dcf3", "#6a3d9a")
TOKEN = ("#ffffff", "#555555")
GOOD = ("#dff2df", "#2e7d32")
BAD = ("#fbdcdc", "#c62828")
INK = "#222222"
MUTED = "#666666"


def new_figure(xlim: tuple[float, float], ylim: tuple[float, float], scale: float = 0.75):
    """A figure whose axes fill it and show ``xlim`` x ``ylim`` at ``scale`` inches per unit."""
    fig = plt.figure(figsize=((xlim[1] - xlim[0]) * scale, (ylim[1] - ylim[0]) * scale), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def box(ax, x, y, w, h, text="", colors=TOKEN, fontsize=13, weight="normal", color=INK, lw=1.6, pad=0.06):
    """A rounded box centred on (x, y) with centred text."""
    patch = FancyBboxPatch(
        (x - w / 2, y - h / 2),
        w,
        h,
        boxstyle=f"round,pad=0,rounding_size={pad + 0.06}",
        facecolor=colors[0],
        edgecolor=colors[1],
        linewidth=lw,
        zorder=2,
    )
    ax.add_patch(patch)
    if text:
        ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, weight=weight, color=color, zorder=3)


def arrow(ax, start, end, color=INK, lw=1.5, style="-|>", ls="-", mutation=14, shrink=0.0, zorder=1):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle=style,
            mutation_scale=mutation,
            color=color,
            linewidth=lw,
            linestyle=ls,
            shrinkA=shrink,
            shrinkB=shrink,
            zorder=zorder,
        )
    )


def path_arrow(ax, points, color=INK, lw=1.5, ls="-", mutation=12):
    """A polyline through ``points`` whose last segment ends with an arrow head."""
    xs, ys = zip(*points[:-1], strict=True)
    ax.plot(xs, ys, color=color, linewidth=lw, linestyle=ls, solid_capstyle="butt", zorder=1)
    arrow(ax, points[-2], points[-1], color=color, lw=lw, ls=ls, mutation=mutation)


def label(ax, x, y, text, fontsize=13, color=INK, ha="center", va="center", **kw):
    ax.text(x, y, text, fontsize=fontsize, color=color, ha=ha, va=va, zorder=3, **kw)


def save(fig, path: Path) -> Path:
    """Write ``fig`` as a PNG; a glyph missing from the fonts (an empty box in the picture) is an error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing from font")
        fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return path


# -- (a) the encoder-decoder ---------------------------------------------------------------------
def seq2seq_architecture(path: Path, language: str = "en") -> Path:
    text = TEXT[language]["seq2seq_architecture"]
    step = 1.0  # distance between two time steps
    cw, ch = 0.72, 0.62  # LSTM cell
    tw, th = 0.72, 0.5  # token
    enc_x = [0.6 + i * step for i in range(len(SOURCE))]
    ctx_x = enc_x[-1] + 1.85
    dec_x = [ctx_x + 1.85 + i * step for i in range(len(DECODER_INPUTS))]
    y_in, y_cell, y_out = 0.7, 2.0, 3.3

    fig, ax = new_figure((-0.2, dec_x[-1] + 0.8), (-0.6, 4.75))

    # Encoder: one LSTM step per source character; only the final state leaves it.
    for i, (x, tok) in enumerate(zip(enc_x, SOURCE, strict=True)):
        box(ax, x, y_in, tw, th, tok, fontsize=15)
        arrow(ax, (x, y_in + th / 2), (x, y_cell - ch / 2))
        box(ax, x, y_cell, cw, ch, "LSTM", ENCODER, fontsize=10.5, color=ENCODER[1], weight="bold")
        if i:
            arrow(ax, (enc_x[i - 1] + cw / 2, y_cell), (x - cw / 2, y_cell), color=ENCODER[1])
    mid = (enc_x[0] + enc_x[-1]) / 2
    label(ax, mid, 4.4, text["encoder"], fontsize=16, color=ENCODER[1], weight="bold")
    label(ax, mid, 3.95, text["encoder subtitle"], 12, MUTED)
    label(ax, mid, -0.25, text["source"], 13, MUTED, family=text["mono"])

    # Context vector C.
    box(ax, ctx_x, y_cell, 1.8, 1.2, "", CONTEXT, lw=2)
    label(ax, ctx_x, y_cell + 0.22, "$C = h_T$", 16, CONTEXT[1])
    label(ax, ctx_x, y_cell - 0.24, text["or"], 12, CONTEXT[1])
    label(ax, ctx_x, y_cell - 0.95, text["context vector"], 12, CONTEXT[1])
    label(ax, ctx_x, y_cell + 0.95, "$(h_T, m_T)$", 13, MUTED)
    arrow(ax, (enc_x[-1] + cw / 2, y_cell), (ctx_x - 0.9, y_cell), color=CONTEXT[1], lw=2)
    arrow(ax, (ctx_x + 0.9, y_cell), (dec_x[0] - cw / 2, y_cell), color=CONTEXT[1], lw=2)

    # Decoder: starts from C, reads the previous token, writes the next one.
    for i, (x, tok_in, tok_out) in enumerate(zip(dec_x, DECODER_INPUTS, TARGET, strict=True)):
        special = tok_in.startswith("<")
        box(ax, x, y_in, tw + (0.14 if special else 0), th, tok_in, fontsize=11 if special else 15)
        arrow(ax, (x, y_in + th / 2), (x, y_cell - ch / 2))
        box(ax, x, y_cell, cw, ch, "LSTM", DECODER, fontsize=10.5, color=DECODER[1], weight="bold")
        arrow(ax, (x, y_cell + ch / 2), (x, y_out - th / 2))
        special = tok_out.startswith("<")
        box(ax, x, y_out, tw + (0.14 if special else 0), th, tok_out, DECODER, fontsize=11 if special else 15)
        if i:
            arrow(ax, (dec_x[i - 1] + cw / 2, y_cell), (x - cw / 2, y_cell), color=DECODER[1])
    mid = (dec_x[0] + dec_x[-1]) / 2
    label(ax, mid, 4.4, text["decoder"], fontsize=16, color=DECODER[1], weight="bold")
    label(ax, mid, 3.95, text["decoder subtitle"], 12, MUTED)
    label(ax, mid, -0.25, text["target"], 13, MUTED, family=text["mono"])
    label(ax, dec_x[0] - 0.85, y_out, text["output"], 11, MUTED)
    label(ax, dec_x[0] - 0.85, y_in, text["input"], 11, MUTED)
    return save(fig, path)


# -- (b) teacher forcing versus autoregressive generation -----------------------------------------
def _decoder_row(ax, y0, inputs, outputs, truth, feedback, text):
    """One decoder unrolled over the target; wrong tokens red, feedback arrows if asked."""
    step, cw, ch, tw, th = 1.15, 0.74, 0.56, 0.8, 0.5
    xs = [1.9 + i * step for i in range(len(outputs))]
    y_in, y_cell, y_out = y0, y0 + 1.15, y0 + 2.3
    for i, (x, tok_in, tok_out) in enumerate(zip(xs, inputs, outputs, strict=True)):
        fed_wrong = i > 0 and tok_in != truth[i - 1]
        colors = BAD if fed_wrong else (TOKEN if feedback else GOOD)
        small = tok_in.startswith("<")
        box(ax, x, y_in, tw + (0.12 if small else 0), th, tok_in, colors, fontsize=11 if small else 15)
        arrow(ax, (x, y_in + th / 2), (x, y_cell - ch / 2))
        box(ax, x, y_cell, cw, ch, "LSTM", DECODER, fontsize=10.5, color=DECODER[1], weight="bold")
        arrow(ax, (x, y_cell + ch / 2), (x, y_out - th / 2))
        wrong = tok_out != truth[i]
        small = tok_out.startswith("<")
        box(ax, x, y_out, tw + (0.12 if small else 0), th, tok_out, BAD if wrong else DECODER, 11 if small else 15)
        if wrong:
            label(ax, x, y_out + 0.48, text["wrong"].format(true=truth[i]), 11.5, BAD[1], weight="bold")
        if i:
            arrow(ax, (xs[i - 1] + cw / 2, y_cell), (x - cw / 2, y_cell), color=DECODER[1])
        if feedback and i + 1 < len(outputs):
            # output t is the input of step t+1: right, down through the gap, right again.
            gap = x + step / 2
            color = BAD[1] if tok_out != truth[i] else MUTED
            path_arrow(
                ax,
                [(x + tw / 2, y_out), (gap, y_out), (gap, y_in), (xs[i + 1] - tw / 2 - 0.02, y_in)],
                color=color,
                lw=1.3,
                ls=(0, (3, 2)),
            )
    label(ax, 0.55, y_out, text["output"], 12, MUTED)
    label(ax, 0.55, y_in, text["input"], 12, MUTED)
    return xs


def teacher_forcing(path: Path, language: str = "en") -> Path:
    """One mistake ('8' for '5' at step 2) in both modes: teacher forcing feeds the true '5' on,
    generation feeds the '8' back. The later outputs are drawn right: on dates a well-trained
    decoder mostly recovers (notebook 04, section 4); the diagram claims no more than that the
    wrong token becomes an input."""
    text = TEXT[language]["teacher_forcing"]
    truth = TARGET
    outputs = ["0", "8", "/", "Mar", "/", "2", "0", "2", "4", "<EOS>"]  # one mistake, at step 2
    free_inputs = ["<GO>", *outputs[:-1]]  # generation reads its own outputs, the wrong '8' included

    fig, ax = new_figure((0, 13.4), (-0.3, 9.2))
    panels = [
        (4.95, "forced", GOOD[1], DECODER_INPUTS, False),
        (0.2, "free", BAD[1], free_inputs, True),
    ]
    for y0, mode, color, inputs, feedback in panels:
        label(ax, 0.2, y0 + 3.75, text[f"{mode} title"], 17, color, ha="left", weight="bold")
        label(ax, 0.2, y0 + 3.3, text[f"{mode} subtitle"], 12.5, MUTED, ha="left")
        _decoder_row(ax, y0, inputs, outputs, truth, feedback=feedback, text=text)
    ax.plot([0.2, 13.2], [4.55, 4.55], color="#bbbbbb", linewidth=1)
    return save(fig, path)


# -- (c) attention ---------------------------------------------------------------------------------
def attention(path: Path, language: str = "en") -> Path:
    text = TEXT[language]["attention"]
    alphas = [0.02, 0.02, 0.05, 0.38, 0.45, 0.04, 0.02, 0.02]  # step t writes 'Mar': it reads '0', '3'
    cw, ch, tw, th = 0.7, 0.56, 0.62, 0.5
    xs = [0.9 + i for i in range(len(SOURCE))]
    y_in, y_h, base, bar_h, y_c = 0.4, 1.6, 2.75, 2.6, 7.0
    s_prev_x, dx, out_x = 10.3, 12.7, 14.75  # s_{t-1}; the decoder LSTM, s_t and [c_t; s_t]; the output

    fig, ax = new_figure((-1.15, 15.45), (-0.35, 8.45))
    label(ax, -1.0, 8.1, text["title"], 17, INK, ha="left", weight="bold")

    # Encoder outputs h_1 .. h_T.
    for i, (x, tok) in enumerate(zip(xs, SOURCE, strict=True)):
        box(ax, x, y_in, tw, th, tok, fontsize=15)
        arrow(ax, (x, y_in + th / 2), (x, y_h - ch / 2))
        box(ax, x, y_h, cw, ch, f"$h_{i + 1}$", ENCODER, fontsize=15, color=ENCODER[1])
        if i:
            arrow(ax, (xs[i - 1] + cw / 2, y_h), (x - cw / 2, y_h), color=ENCODER[1])
    label(ax, xs[0] - 0.55, y_h, text["encoder outputs"], 11.5, ENCODER[1], ha="right")
    label(ax, xs[0] - 0.55, y_in, text["source"], 11.5, MUTED, ha="right")

    # (1) scores: the query s_{t-1} meets every h_j.
    y_q = y_h + 0.6
    ax.plot([s_prev_x, s_prev_x, xs[0] - 0.3], [y_h + 0.31, y_q, y_q], color=DECODER[1], linewidth=1.4, zorder=1)
    ax.plot(xs, [y_q] * len(xs), "o", color=DECODER[1], markersize=5, zorder=3)
    label(ax, xs[-1] + 0.55, y_q + 0.3, text["scores"], 13, INK, ha="left")

    # (2) alpha_{t,j}: bar heights, with the values.
    ax.plot([xs[0] - 0.5, xs[-1] + 0.5], [base, base], color=MUTED, linewidth=1)
    for x, a in zip(xs, alphas, strict=True):
        height = bar_h * a / max(alphas)
        ax.add_patch(
            FancyBboxPatch(
                (x - 0.3, base), 0.6, height, boxstyle="square,pad=0", facecolor=CONTEXT[0], edgecolor=CONTEXT[1]
            )
        )
        label(ax, x, base + height + 0.2, f"{a:.2f}", 11.5, CONTEXT[1])
        arrow(ax, (x, y_h + ch / 2), (x, base - 0.02), color="#9a9a9a", lw=1.1, mutation=10)
    label(ax, xs[0] - 0.55, base + 1.0, r"$\alpha_{t,j}$", 18, CONTEXT[1], ha="right")
    label(ax, xs[-1] + 0.55, base + 1.0, text["weights"], 12.5, INK, ha="left")

    # (3) the weighted sum c_t: each line is as thick as its weight.
    c_x = (xs[0] + xs[-1]) / 2
    box(ax, c_x, y_c, 3.9, 0.75, r"$c_t = \sum_j \alpha_{t,j}\, h_j$", CONTEXT, fontsize=17, lw=2)
    for x, a in zip(xs, alphas, strict=True):
        top = base + bar_h * a / max(alphas) + 0.42
        arrow(ax, (x, top), (c_x + (x - c_x) * 0.25, y_c - 0.4), color=CONTEXT[1], lw=0.6 + 7 * a, mutation=9)
    label(ax, c_x + 2.15, y_c - 0.32, text["context"], 12.5, INK, ha="left")

    # The decoder step: s_{t-1} and the previous token '/' give s_t.
    box(ax, s_prev_x, y_h, 1.05, 0.62, "$s_{t-1}$", DECODER, fontsize=16, color=DECODER[1])
    box(ax, dx, y_h, 0.9, 0.62, "LSTM", DECODER, fontsize=11, color=DECODER[1], weight="bold")
    arrow(ax, (s_prev_x + 0.525, y_h), (dx - 0.45, y_h), color=DECODER[1])
    box(ax, dx, y_in, tw, th, "/", fontsize=15)
    label(ax, dx + 0.45, y_in, text["previous token"], 11.5, MUTED, ha="left")
    label(ax, s_prev_x, y_h - 0.6, text["decoder state"], 11.5, MUTED)
    label(ax, dx + 0.6, 3.6, text["new state"], 11.5, MUTED, ha="left")
    arrow(ax, (dx, y_in + th / 2), (dx, y_h - 0.31))
    box(ax, dx, 3.6, 0.9, 0.62, "$s_t$", DECODER, fontsize=16, color=DECODER[1])
    arrow(ax, (dx, y_h + 0.31), (dx, 3.6 - 0.31), color=DECODER[1])

    # (4) [c_t ; s_t] -> linear + softmax -> the output token.
    cat_y = 5.3
    box(ax, dx, cat_y, 1.7, 0.7, r"$[\,c_t\,;\, s_t\,]$", CONTEXT, fontsize=16, lw=2)
    arrow(ax, (dx, 3.6 + 0.31), (dx, cat_y - 0.35), color=DECODER[1])
    path_arrow(ax, [(c_x + 1.95, y_c), (dx, y_c), (dx, cat_y + 0.35)], color=CONTEXT[1], lw=2)
    box(ax, out_x, cat_y, 0.95, 0.55, "Mar", DECODER, fontsize=15)
    arrow(ax, (dx + 0.85, cat_y), (out_x - 0.475, cat_y))
    label(ax, (dx + 0.85 + out_x - 0.475) / 2, cat_y - 0.75, text["output"], 12, INK)
    return save(fig, path)


# -- (d) exact match against input length, from the stored results ----------------------------------
RESULTS = ROOT / "assets" / "results" / "attention_vs_length.csv"
# The settings of the stored run: scripts/attention_vs_length.py's defaults (a test keeps them equal).
LENGTH_RUN = {"task": "copy", "embedding": 16, "units": 32, "epochs": 30}


def read_results(path: Path = RESULTS) -> list[dict]:
    """The rows (length, model, exact_match) of a results file, with only the standard library."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [{"length": int(r["length"]), "model": r["model"], "exact_match": float(r["exact_match"])} for r in rows]


def attention_vs_length(path: Path, language: str = "en", rows: list[dict] | None = None, run: dict | None = None):
    """Held-out exact match per input length, plain against attention (Bahdanau et al. 2015, fig. 2)."""
    text = TEXT[language]["attention_vs_length"]
    rows = read_results() if rows is None else rows
    run = {**LENGTH_RUN, **(run or {})}
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=DPI)
    for name, marker in (("plain", "o"), ("attention", "s")):
        mine = [r for r in rows if r["model"] == name]
        if mine:
            lengths, scores = [r["length"] for r in mine], [r["exact_match"] for r in mine]
            ax.plot(lengths, scores, marker=marker, label=text[name])
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.set_ylim(-0.03, 1.03)
    ax.set_title(text["title"].format(**{**run, "task": text[run["task"]]}))
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    return save(fig, path)


# -- every word, per language ----------------------------------------------------------------------
# Terms as in notebooks/zh/prose/GLOSSARY.md.
TEXT = {
    "en": {
        "seq2seq_architecture": {
            "encoder": "Encoder",
            "encoder subtitle": "reads the source, one character per step",
            "source": "source  24-03-05",
            "or": "(or $W_h h_T + b_h$)",
            "context vector": "context vector",
            "decoder": "Decoder",
            "decoder subtitle": "starts from C; reads the token before step t, writes the token of step t",
            "target": "target  05/Mar/2024",
            "output": "output",
            "input": "input",
            "mono": "monospace",
        },
        "teacher_forcing": {
            "forced title": "Teacher forcing (training)",
            "forced subtitle": "every input is the TRUE previous token: the wrong '8' does not reach step 3",
            "free title": "Autoregressive generation (inference)",
            "free subtitle": (
                "every input is the model's OWN previous output: the wrong '8' becomes the input of step 3"
            ),
            "wrong": "✗ true: {true}",
            "output": "output",
            "input": "input",
        },
        "attention": {
            "title": "Attention at decoder step t (writing 'Mar')",
            "encoder outputs": "encoder\noutputs",
            "source": "source",
            "scores": r"① scores $e_{t,j} = s_{t-1} \cdot (W h_j + b)$",
            "weights": "② weights = softmax over j\n     of the scores (sum to 1)",
            "context": "③ context vector: weighted sum of the $h_j$",
            "previous token": "previous token",
            "decoder state": "decoder state",
            "new state": "new decoder\nstate",
            "output": "④ linear\n+ softmax",
        },
        "attention_vs_length": {
            "plain": "plain Seq2Seq (one context vector)",
            "attention": "attention Seq2Seq",
            "x": "input length (digits)",
            "y": "held-out exact match",
            "title": "{task}, embedding {embedding}, units {units}, {epochs} epochs",
            "copy": "copy",
            "reverse": "reverse",
        },
    },
    "zh": {
        "seq2seq_architecture": {
            "encoder": "编码器",
            "encoder subtitle": "读入源序列，每步一个字符",
            "source": "源序列  24-03-05",
            "or": "（或 $W_h h_T + b_h$）",
            "context vector": "语义向量",  # the plain model's C, as the article calls it; c_t is 上下文向量
            "decoder": "解码器",
            "decoder subtitle": "从 C 出发；第 t 步读入前一个词元，写出第 t 个词元",
            "target": "目标序列  05/Mar/2024",
            "output": "输出",
            "input": "输入",
            "mono": None,  # the CJK font: a monospace font has no Chinese glyphs
        },
        "teacher_forcing": {
            "forced title": "教师强制（训练时）",
            "forced subtitle": "每一步的输入都是真实的上一个词元：错误的 '8' 不会传到第 3 步",
            "free title": "自回归生成（推理时）",
            "free subtitle": "每一步的输入都是模型自己上一步的输出：错误的 '8' 成了第 3 步的输入",
            "wrong": "✗ 应为 {true}",
            "output": "输出",
            "input": "输入",
        },
        "attention": {
            "title": "解码器第 t 步的注意力（正在写出 'Mar'）",
            "encoder outputs": "编码器\n输出",
            "source": "源序列",
            "scores": r"① 得分 $e_{t,j} = s_{t-1} \cdot (W h_j + b)$",
            "weights": "② 权重 = 对各 j 的得分\n     做 softmax（总和为 1）",
            "context": "③ 上下文向量：各 $h_j$ 的加权和",
            "previous token": "上一个词元",
            "decoder state": "解码器隐状态",
            "new state": "新的解码器\n隐状态",
            "output": "④ 线性层\n+ softmax",
        },
        "attention_vs_length": {
            "plain": "基础 Seq2Seq（一个语义向量）",
            "attention": "注意力 Seq2Seq",
            "x": "输入长度（位数）",
            "y": "留出集精确匹配率",
            "title": "{task}任务，嵌入 {embedding} 维，{units} 个 LSTM 单元，{epochs} 轮",
            "copy": "复制",
            "reverse": "反转",
        },
    },
}
LANGUAGES = tuple(TEXT)
DIAGRAMS = {
    "seq2seq_architecture.png": seq2seq_architecture,
    "teacher_forcing.png": teacher_forcing,
    "attention.png": attention,
    "attention_vs_length.png": attention_vs_length,
}


def use_language(language: str) -> None:
    """matplotlib's default style, with a font that can draw ``language``; refuses rather than draw boxes."""
    matplotlib.rcdefaults()  # ignore any local matplotlibrc: the same pictures everywhere
    if language == "en":
        return
    from seq2seq_lib.i18n import find_cjk_font  # the library's choice of font (importing it loads no torch)

    font = find_cjk_font()
    if font is None:
        raise SystemExit(
            "no font with Chinese characters is installed, so the Chinese diagrams cannot be drawn: "
            "apt-get install fonts-noto-cjk (then remove matplotlib's font cache, ~/.cache/matplotlib)"
        )
    # The CJK font first; matplotlib's own DejaVu Sans for the glyphs it lacks (✗).
    plt.rcParams["font.family"] = [font, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False


def folder(out: Path, language: str) -> Path:
    return out if language == "en" else out / language


def make_all(out: Path, languages: tuple[str, ...] = LANGUAGES) -> list[Path]:
    written = []
    for language in languages:
        use_language(language)
        written += [draw(folder(out, language) / name, language) for name, draw in DIAGRAMS.items()]
    matplotlib.rcdefaults()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Draw the course diagrams (PNG).")
    parser.add_argument("--out", type=Path, default=ROOT / "assets", help="output folder (default: assets/)")
    parser.add_argument("--language", choices=LANGUAGES, action="append", help="only this language (repeatable)")
    args = parser.parse_args(argv)
    for path in make_all(args.out, tuple(args.language or LANGUAGES)):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
