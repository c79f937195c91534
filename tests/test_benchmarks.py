"""The benchmark scripts' command-line settings: parsed, or refused with the bad pair named."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import epochs_to_accuracy  # noqa: E402


def test_a_setting_is_parsed_into_train_arguments():
    parsed = epochs_to_accuracy.parse_setting("lr=0.02,batch_size=64,betas=0.7:0.95,output_bias_prior=False")
    assert parsed == {"lr": 0.02, "batch_size": 64, "betas": (0.7, 0.95), "output_bias_prior": False}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("output_bias_prior=yes", "bad value 'yes' for output_bias_prior"),
        ("lr=fast", "bad value 'fast' for lr"),
        ("epochs=2.5", "bad value '2.5' for epochs"),
        ("betas=0.7", "bad value '0.7' for betas"),
        ("betas=0.7:0.9:0.99", "bad value '0.7:0.9:0.99' for betas"),
        ("momentum=0.9", "unknown setting 'momentum'"),
    ],
)
def test_a_bad_setting_exits_naming_it(text, message):
    with pytest.raises(SystemExit, match=message):
        epochs_to_accuracy.parse_setting(text)
