"""Chinese for notebook 01: the date dataset (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    "return a whole number (int).": "请返回一个整数（int）。",
    "{label} gives {got}, a year outside the corpus: section 2 printed its earliest and latest dates.": "{label} 得到 {got}，"
    "这个年份不在语料的范围内：第 2 节打印过语料中最早和最晚的日期。",
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
    # figures
    "source 74-99 → 19xx": "源年份 74-99 → 19xx",
    "source 00-34 → 20xx": "源年份 00-34 → 20xx",
    "year": "年份",
    "dates in the corpus": "语料中的日期数",
    "Years of the 4000 training dates": "4000 个训练日期的年份分布",
}
