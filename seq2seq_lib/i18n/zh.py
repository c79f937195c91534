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
}

# Each notebook's own texts live in zh_notebooks/nbNN.py (one file per notebook: no two
# authors edit the same catalog file).
for _info in pkgutil.iter_modules(zh_notebooks.__path__):
    ZH.update(importlib.import_module(f"{zh_notebooks.__name__}.{_info.name}").TEXTS)
