"""Chinese for notebook 08: greedy decoding, beam search and sampling (exercise checks, printed text, figures)."""

TEXTS: dict[str, str] = {
    # case names
    "case {number} (k = {k} beams, a vocabulary of {size} tokens)": "用例 {number}（k = {k} 条束，词表有 {size} 个词元）",
    "case {number} (the first step: only beam 0 is alive, k = {k}, {size} tokens)": "用例 {number}（第一步："
    "只有第 0 条束是活的，k = {k}，{size} 个词元）",
    "case {number} ({length} tokens, log p = {log_prob}, alpha = {alpha})": "用例 {number}（{length} 个词元，"
    "log p = {log_prob}，alpha = {alpha}）",
    "case {number} (T = {temperature}, top_k = {top_k}, {rows} rows of {size} logits)": "用例 {number}"
    "（T = {temperature}，top_k = {top_k}，{rows} 行、每行 {size} 个 logit）",
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
    # exercise 3: sampling_distribution
    "return a tensor of probabilities with the shape of logits, [batch, V].": "请返回一个与 logits 形状相同的"
    "概率张量，[batch, V]。",
    "{label}: these are not softmax(logits / T) over the k most likely tokens of each row.": "{label}："
    "这不是在每行最可能的 k 个词元上计算的 softmax(logits / T)。",
    "{name} is right in all {count} cases, a tiny temperature and a top-k cut among them.": "{name} "
    "在全部 {count} 个用例中都正确，其中包括一个极小的温度和一次 top-k 截断。",
    "{label}: the result is not one probability per logit. Return a tensor with the shape of logits, [batch, V].": (
        "{label}：结果不是每个 logit 对应一个概率。请返回与 logits 形状相同的张量，[batch, V]。"
    ),
    "{label}: each column sums to 1, not each row. The softmax ran over the batch (dim=0); take it over the "
    "vocabulary, dim=-1.": "{label}：加起来等于 1 的是每一列，而不是每一行。softmax 是在批量维度上（dim=0）"
    "算的；应该在词表维度上算，dim=-1。",
    "{label} returns the logits divided by T, not probabilities. Apply a softmax over the vocabulary.": "{label} "
    "返回的是除以 T 之后的 logits，不是概率。请在词表维度上做 softmax。",
    "{label} returns log probabilities. Return the probabilities themselves (softmax, not log_softmax).": "{label} "
    "返回的是对数概率。请返回概率本身（用 softmax，不是 log_softmax）。",
    "{label} divides the probabilities by T. The temperature divides the logits, before the softmax.": "{label} "
    "把概率除以了 T。温度除的是 logits，要在 softmax 之前。",
    "{label} multiplies the logits by T. Divide them: T < 1 must sharpen the distribution, T > 1 flatten it.": (
        "{label} 把 logits 乘以了 T。应该除以 T：T < 1 让分布更尖锐，T > 1 让它更平坦。"
    ),
    "{label}: the temperature is not used. Divide the logits by T before the softmax.": "{label}：没有用到温度。"
    "请在 softmax 之前把 logits 除以 T。",
    "{label}: every token keeps some probability, so top_k is not applied. Keep the k largest logits and set the "
    "others to -inf before the softmax.": "{label}：每个词元都还有概率，说明没有用上 top_k。请保留最大的 k 个 "
    "logit，在 softmax 之前把其余的设为 -inf。",
    "{label}: the k kept probabilities do not sum to 1. Renormalise them (or set the cut logits to -inf before "
    "the softmax).": "{label}：保留下来的 k 个概率加起来不等于 1。请重新归一化（或者在 softmax 之前把截掉的 "
    "logit 设为 -inf）。",
    "{label}: the cut tokens keep some probability, because their logits were set to 0 and e^0 = 1. Set them to "
    "-inf.": "{label}：被截掉的词元仍有概率，因为它们的 logit 被设成了 0，而 e^0 = 1。请把它们设为 -inf。",
    "{label} keeps the k least likely tokens. Keep the k largest logits.": "{label} 保留的是最不可能的 k "
    "个词元。请保留 logit 最大的 k 个。",
    "{label} keeps the wrong number of tokens: top_k = k keeps exactly k per row.": "{label} 保留的词元个数不对："
    "top_k = k 在每一行恰好保留 k 个。",
    "{label} gives nan or inf: exp(logits / T) overflows when T is small. torch.softmax subtracts each row's "
    "largest logit first, so it never overflows: use it.": "{label} 得到了 nan 或 inf：T 很小时 exp(logits / T) "
    "会溢出。torch.softmax 会先减去每行最大的 logit，所以不会溢出：请用它。",
    # printed by the notebook's cells: early stops, label smoothing, sampling
    "the empty output: median log p {median:.1f} over the held-out dates": "空输出：在留出日期上，log p 的中位数为 "
    "{median:.1f}",
    "beam 5 ends earlier than greedy decoding on {n} of {total} dates, with an empty output on {empty}": "在 {total} "
    "个日期中，宽度 5 的束有 {n} 个比贪心解码更早结束，其中 {empty} 个是空输出",
    "  {date}: greedy {greedy!r}, beam 5 {beam!r}": "  {date}：贪心解码 {greedy!r}，宽度 5 的束 {beam!r}",
    "smoothing aims for p = {right:.3f} on the right token and {wrong:.4f} (log {log_wrong:.1f}) on each other; "
    "{right:.3f}^10 = {date:.3f}": "标签平滑的目标：正确词元 p = {right:.3f}，其他每个词元 {wrong:.4f}（log 为 "
    "{log_wrong:.1f}）；{right:.3f}^10 = {date:.3f}",
    "under-trained: log p of the empty output (median date)": "训练不足：空输出的 log p（各日期的中位数）",
    "under-trained: dates whose greedy output scores lower": "训练不足：贪心输出得分比空输出更低的日期数",
    "under-trained: empty outputs of beam 5": "训练不足：宽度 5 的束给出的空输出数",
    "under-trained: beam 5 ends earlier than greedy": "训练不足：宽度 5 的束比贪心更早结束的日期数",
    "well-trained: p of a right token (median)": "训练充分：正确词元的 p（中位数）",
    "well-trained: p of a right date (mean)": "训练充分：正确日期的 p（平均）",
    "well-trained: p of its best output for 24-03-05": "训练充分：24-03-05 的最佳输出的 p",
    "no smoothing": "不用标签平滑",
    "smoothing 0.1": "标签平滑 0.1",
    "{date}: greedy writes {output!r} and hesitates most at step {step}, after {prefix!r}": "{date}：贪心解码写出 "
    "{output!r}，在第 {step} 步（{prefix!r} 之后）最犹豫",
    "token": "词元",
    "{date} -> {answer}; greedy {greedy!r}, log p {log_p:.2f}": "{date} -> {answer}；贪心解码 {greedy!r}，"
    "log p {log_p:.2f}",
    "greedy": "贪心解码",
    "exact match": "精确匹配",
    "mean log p": "平均 log p",
    "same as greedy": "与贪心相同",
    "different outputs of 5": "5 次中不同输出数",
    # figures
    "log p of greedy's output": "贪心输出的 log p",
    "log p of beam-5's output": "宽度 5 的束搜索输出的 log p",
    "Under-trained model, 2000 held-out dates": "训练不足的模型，2000 个留出日期",
    "beam 5 wrong": "束搜索（宽度 5）错误",
    "beam 5 right": "束搜索（宽度 5）正确",
    "same score": "得分相同",
}
