"""Chinese (简体中文) for every text the library shows a learner, keyed by its English.

Terms follow the source article and d2l-zh: 隐状态 hidden state, 词元 token, 教师强制
teacher forcing, 注意力权重 attention weights, 上下文向量 context vector, 束搜索 beam search.
"""

import importlib
import pkgutil

from . import zh_notebooks

ZH: dict[str, str] = {
    # exercise verdicts (seq2seq_lib.exercises.engine)
    "Correct! {message}": "正确！{message}",
    "Not yet: {message}": "还不对：{message}",
    "{what} is not written yet (it raises NotImplementedError).": "{what} 还没有写（它抛出了 NotImplementedError）。",
    "{what} raised {error}": "{what} 抛出了异常：{error}",
    "{what} should be a function, got {kind}.": "{what} 应该是一个函数，但得到的是 {kind}。",
    "{label} returned a {kind}; {hint}": "{label} 返回了 {kind}；{hint}",
    "return the right type.": "请返回正确的类型。",
    "{what} called exit() ({error}): a function should return its result, not end the program.": (
        "{what} 调用了 exit()（{error}）：函数应当返回结果，而不是结束程序。"
    ),
    "{label} did not return within {seconds} s: look for a loop that never ends, or a wait.": (
        "{label} 在 {seconds} 秒内没有返回：检查是否有永不结束的循环或等待。"
    ),
    "{label} was interrupted before it returned.": "{label} 在返回之前被中断了。",
    "The check was interrupted before it finished: run the cell again when you are ready.": (
        "检查在完成之前被中断了：准备好后请重新运行这个单元格。"
    ),
    "{label} returned a {kind} that the check could not examine ({error}).": (
        "{label} 返回了一个 {kind}，检查无法判断它（{error}）。"
    ),
    "{label} returned a {kind} that the check could not examine within {seconds} s.": (
        "{label} 返回了一个 {kind}，检查在 {seconds} 秒内无法判断它。"
    ),
    "{check} was given arguments it does not take after your function: {given}.": (
        "{check} 在你的函数之后收到了它不接受的参数：{given}。"
    ),
    "{check} could not use {given}: {error}.": "{check} 无法使用 {given}：{error}。",
    "{check} could not prepare its cases from {given} within {seconds} s.": (
        "{check} 在 {seconds} 秒内无法用 {given} 准备好测试用例。"
    ),
    "a {kind} whose repr() raised {error}": "一个 repr() 会抛出 {error} 的 {kind}",
    # train's progress display (seq2seq_lib.progress)
    "epochs": "轮数",
    "target reached, stopped early": "已达到目标，提前停止",
    "interrupted": "已中断",
}

# Each notebook's own texts live in zh_notebooks/nbNN.py (one file per notebook: no two
# authors edit the same catalog file).
for _info in pkgutil.iter_modules(zh_notebooks.__path__):
    ZH.update(importlib.import_module(f"{zh_notebooks.__name__}.{_info.name}").TEXTS)
