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
    "{label} returned a {kind}; {hint}": "{label} 返回了 {kind}；{hint}",
    "return the right type.": "请返回正确的类型。",
    # -- notebook 01: the date dataset (exercise checks, then figures) --------------------------
    "return a whole number (int).": "请返回一个整数（int）。",
    "{label} gives {got}, but the corpus only holds the years 1974-2034.": "{label} 得到 {got}，但语料中只有 1974-2034 年。",
    "{label} gives {got}: a year inside the corpus, but not the one whose last two digits these are. "
    "Look again at which two-digit years belong to which century.": "{label} 得到 {got}：这个年份在语料范围内，"
    "但后两位数字对不上。再看看哪些两位数年份属于哪个世纪。",
    "{name} gives the right year for all {count} two-digit years tried.": "{name} 对试过的全部 {count} 个两位数年份都给出了正确的年份。",
    "return a list of strings, one per token.": "请返回一个字符串列表，每个词元一个元素。",
    "{label} contains a special token; return only the date's own tokens "
    "(the dataset adds <GO> and <EOS> itself).": "{label} 含有特殊词元；只返回日期本身的词元（<GO> 和 <EOS> 由数据集自己添加）。",
    "{label} has no month token: the month must stay together as one token, not be cut into letters.": "{label} "
    "中没有月份词元：月份必须作为一个完整的词元，不能拆成单个字母。",
    "{label} gives tokens that do not spell the date again when joined: keep every character, "
    "the slashes included.": "{label} 给出的词元拼接起来不是原来的日期：每个字符都要保留，斜杠也不例外。",
    "{label} gives {got}; apart from the month, every character is its own token.": "{label} 得到 {got}；除了月份，"
    "每个字符都是一个单独的词元。",
    "{name} splits all {count} targets into the dataset's tokens.": "{name} 把全部 {count} 个目标都正确地切分成了数据集的词元。",
    "return the text as one str.": "请把文本作为一个 str 返回。",
    "{label} gives {got}; the text contains '<EOS>': it marks the end and is not part of the date.": "{label} "
    "得到 {got}；文本中含有 '<EOS>'：它只标记结束，不属于日期本身。",
    "{label} gives {got}; the text contains '<GO>' or '<PAD>', which are not part of the date.": "{label} "
    "得到 {got}；文本中含有 '<GO>' 或 '<PAD>'，它们都不属于日期本身。",
    "{label} gives {got}; the text goes on after '<EOS>': whatever follows it is not part of the output.": "{label} "
    "得到 {got}；文本在 '<EOS>' 之后还在继续：'<EOS>' 之后的内容都不属于输出。",
    "{label} gives {got}, which is not the text these tokens spell.": "{label} 得到 {got}，这不是这些词元拼出的文本。",
    "{name} turns all {count} id sequences into the right text.": "{name} 把全部 {count} 个索引序列都还原成了正确的文本。",
    # -- notebook 02 -------------------------------------------------------------------------
    # -- notebook 03 -------------------------------------------------------------------------
    # -- notebook 04 -------------------------------------------------------------------------
    # -- notebook 05 -------------------------------------------------------------------------
    # -- notebook 06 -------------------------------------------------------------------------
    # -- notebook 07 -------------------------------------------------------------------------
    # -- notebook 08 -------------------------------------------------------------------------
    # -- notebook 09: the decoding explorer (seq2seq_lib.explorer) ----------------------------
    # -- notebook 10: the Transformer --------------------------------------------------------
}
