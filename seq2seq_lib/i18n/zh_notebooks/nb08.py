"""Chinese for notebook 08: greedy decoding versus beam search (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # case names
    "case {number} (k = {k} beams, a vocabulary of {size} tokens)": "用例 {number}（k = {k} 条束，词表有 {size} 个词元）",
    "case {number} (the first step: only beam 0 is alive, k = {k}, {size} tokens)": "用例 {number}（第一步："
    "只有第 0 条束是活的，k = {k}，{size} 个词元）",
    "case {number} ({length} tokens, log p = {log_prob}, alpha = {alpha})": "用例 {number}（{length} 个词元，"
    "log p = {log_prob}，alpha = {alpha}）",
    # exercise 1: beam_step
    "{label}: these are not the k best candidates, best first. Add each beam's score to the log probabilities of "
    "its tokens, flatten the k × V scores, and take the k largest.": "{label}：这些不是按从好到差排列的 k "
    "个最佳候选。把每条束的得分加到它各个词元的对数概率上，把 k × V 个得分展平，取最大的 k 个。",
    "{name} keeps the right k candidates with the right scores in all {count} cases, a first step among them.": "{name} "
    "在全部 {count} 个用例中都保留了正确的 k 个候选和正确的得分，其中包括第一步。",
    "{label} did not return three sequences of the same length: return (parents, tokens, scores), each with k "
    "entries.": "{label} 没有返回三个长度相同的序列：请返回 (parents, tokens, scores)，每个都有 k 个元素。",
    "{label} keeps {got}: the beam must stay k wide. Keep the k best candidates of all k × V.": "{label} 保留了 "
    "{got}：束的宽度必须保持为 k。请从全部 k × V 个候选中保留最好的 k 个。",
    "{label}: parents and tokens are swapped. Return the beam each candidate extends first, then the token.": "{label}："
    "parents 和 tokens 弄反了。先返回每个候选所延伸的束，再返回词元。",
    "{label} keeps the k worst candidates: sort by score from the highest (log probabilities are negative; the "
    "best is the closest to 0).": "{label} 保留的是最差的 k 个候选：请按得分从高到低排序（对数概率是负数；"
    "最接近 0 的最好）。",
    "{label} ranks the candidates by the new token's log probability alone. A candidate's score is its beam's "
    "score plus the token's log probability: the whole prefix counts.": "{label} 只按新词元的对数概率给候选排序。"
    "候选的得分是它所在束的得分加上该词元的对数概率：整个前缀都要算上。",
    "{label} multiplies the beam's score by the token's log probability. Probabilities multiply, so their "
    "logarithms add.": "{label} 把束的得分和词元的对数概率相乘了。概率相乘，所以它们的对数相加。",
    "{label} keeps each beam's best continuation, one per beam. Beam search ranks all k × V candidates together: "
    "two of the kept ones may extend the same beam, and a weak beam may get none.": "{label} "
    "为每条束保留了它最好的一个延续。束搜索把全部 k × V 个候选放在一起排序：保留下来的候选中可能有两个延伸同一条束，"
    "而较弱的束可能一个也得不到。",
    "{label}: the index into the flattened k × V candidates is split wrongly. Candidate i extends beam i // V "
    "with token i % V (V = the vocabulary size, log_probs.shape[1]).": "{label}：展平后 k × V "
    "个候选的下标拆错了。第 i 个候选是在第 i // V 条束后面接上词元 i % V（V 是词表大小，即 log_probs.shape[1]）。",
    "{label}: the right candidates are kept, but the scores returned are the tokens' log probabilities. Return "
    "each candidate's summed score, the beam's plus the token's.": "{label}：保留的候选是对的，但返回的得分只是"
    "词元的对数概率。请返回每个候选的累计得分：束的得分加上词元的得分。",
    "{label}: the right candidates are kept, in the right order, but their scores are not the beam's score plus "
    "the token's log probability.": "{label}：保留的候选和顺序都对，但它们的得分不是束的得分加上词元的对数概率。",
    "return a triple (parents, tokens, scores), each with k entries.": "请返回三元组 (parents, tokens, scores)，"
    "每个都有 k 个元素。",
    # exercise 2: normalised_score
    "{label} gives {got}, which is not the log probability divided by U ** alpha.": "{label} 得到 {got}，"
    "这不是对数概率除以 U ** alpha。",
    "{name} is right on all {count} hypotheses tried.": "{name} 在试过的全部 {count} 个假设上都正确。",
    "{label} gives {got}: the log probability is multiplied by U^alpha. Divide by it, so that a long output is "
    "not punished for its length.": "{label} 得到 {got}：对数概率乘以了 U^alpha。应该除以它，"
    "这样长的输出才不会因为长度而吃亏。",
    "{label} gives {got}: U is one short. U counts every generated token, <EOS> included: len(ids).": "{label} "
    "得到 {got}：U 少算了一个。U 统计生成的每一个词元，包括 <EOS>：即 len(ids)。",
    "{label} gives {got}: the length is counted in characters of the text. U counts the tokens the model "
    "generated, len(ids), <EOS> included (a month like Mar is one token).": "{label} 得到 {got}："
    "长度按文本的字符数算了。U 统计的是模型生成的词元个数 len(ids)，包括 <EOS>（像 Mar 这样的月份是一个词元）。",
    "{label} gives {got}: alpha is not used. Divide by U ** alpha (alpha = 0 is the plain sum, alpha = 1 the "
    "mean per token).": "{label} 得到 {got}：没有用到 alpha。请除以 U ** alpha（alpha = 0 就是直接求和，"
    "alpha = 1 是每个词元的平均）。",
    "{label} gives {got}: alpha is applied in the wrong place. It is the exponent of the length: U ** alpha.": "{label} "
    "得到 {got}：alpha 用错了地方。它是长度的指数：U ** alpha。",
    "{label} gives {got}: that is a probability. The score stays in log space: the log probability divided by "
    "U ** alpha.": "{label} 得到 {got}：这是一个概率。得分要留在对数空间里：对数概率除以 U ** alpha。",
    "return one number (a float).": "请返回一个数（float）。",
    # figures
    "log p of greedy's output": "贪心输出的 log p",
    "log p of beam-5's output": "宽度 5 的束搜索输出的 log p",
    "Under-trained model, 2000 held-out dates": "训练不足的模型，2000 个留出日期",
    "beam 5 wrong": "束搜索（宽度 5）错误",
    "beam 5 right": "束搜索（宽度 5）正确",
    "same score": "得分相同",
}
