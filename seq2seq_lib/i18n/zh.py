"""Chinese (简体中文) for every text the library shows a learner, keyed by its English.

Terms follow the source article and d2l-zh: 隐状态 hidden state, 词元 token, 教师强制
teacher forcing, 注意力权重 attention weights, 上下文向量 context vector, 束搜索 beam search.
"""

ZH: dict[str, str] = {
    # exercise verdicts (seq2seq_lib.exercises.engine)
    "Correct! {message}": "正确！{message}",
    "Not yet: {message}": "还不对：{message}",
    "{what} is not written yet (it raises NotImplementedError).": "{what} 还没有写（它抛出了 NotImplementedError）。",
    "{what} raised {error}": "{what} 抛出了异常：{error}",
    "{what} should be a function, got {kind}.": "{what} 应该是一个函数，但得到的是 {kind}。",
}
