from .cli import run

run(prog="python -m seq2seq_lib")
