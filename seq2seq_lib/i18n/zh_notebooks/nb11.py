"""Chinese for notebook 11: dates as people write them (exercise checks, printed sentences, figures, the explorer)."""

TEXTS: dict[str, str] = {
    # the explorer: the input box of a task the library does not know, and the human dates' (tasks.human_dates.INPUT)
    "Input": "输入",
    "Date (any form)": "日期（任一写法）",
    # printed sentences and table headers
    "{n_train:,} training examples, {n_test:,} held-out examples, {tokens} tokens": "{n_train:,} 个训练样本，"
    "{n_test:,} 个留出样本，{tokens} 个词元",
    "form": "写法",
    "language": "语言",
    "5 March 2024": "2024 年 3 月 5 日",
    "characters": "字符数",
    "as typed": "输入的原样",
    "as the model reads it": "模型读到的",
    "target": "目标",
    "shortest": "最短",
    "longest": "最长",
    "sources of {shortest} to {longest} characters": "源序列长 {shortest} 到 {longest} 个字符",
    "<PAD> has id {pad}; the batch is {shape}": "<PAD> 的索引是 {pad}；这个小批量的形状是 {shape}",
    "real characters per row: {lengths}": "每行的真实字符数：{lengths}",
    "shortest source: {source!r}, {n} characters and {pads} <PAD>": "最短的源序列：{source!r}，{n} 个字符加 "
    "{pads} 个 <PAD>",
    "final state as when alone: with the mask {same}; without it, off by up to {gap:.3f}": "最终状态是否与单独编码时"
    "相同：有掩码时 {same}；没有掩码时，最多相差 {gap:.3f}",
    "attention on the padding: {masked} with the mask, {unmasked:.0%} without it": "填充位置得到的注意力：有掩码时 "
    "{masked}，没有掩码时 {unmasked:.0%}",
    "{seconds:.0f} s of CPU time for {epochs} epochs": "{epochs} 轮用了 {seconds:.0f} 秒 CPU 时间",
    "loss": "损失",
    "examples": "样本数",
    "WRONG, expected {iso}": "错误，应为 {iso}",
    "all forms: {with_mask:.2%} with the mask, {without:.2%} without it; worst form without it: {form}, "
    "{worst:.1%}": "全部写法：有掩码时 {with_mask:.2%}，没有掩码时 {without:.2%}；没有掩码时最差的写法：{form}，{worst:.1%}",
    "with the mask": "有掩码",
    "without it": "无掩码",
    "parameters: {parameters}": "参数量：{parameters}",
    "runs": "次数",
    "CPU s": "CPU 秒",
    "parameters": "参数量",
    "worst run": "最差一次",
    "best run": "最好一次",
    "Over five runs each, the plain model reached {plain_low:.1%} to {plain_high:.1%}. Attention reached "
    "{att_low:.2%} to {att_high:.2%} in {att_cpu:.0f} CPU seconds. The bidirectional encoder reached "
    "{both_low:.2%} to {both_high:.2%}, in {both_time:.1f} times the attention model's time, with {both_size:.1f} "
    "times its parameters. The Transformer reached {tf_low:.2%} to {tf_high:.2%} after {tf_epochs} epochs, in "
    "{tf_time:.1f} times the attention model's time.": "每种模型各训练五次：基础模型达到 {plain_low:.1%} 到 "
    "{plain_high:.1%}。注意力模型达到 {att_low:.2%} 到 {att_high:.2%}，用了 {att_cpu:.0f} 秒 CPU 时间。双向编码器"
    "达到 {both_low:.2%} 到 {both_high:.2%}，用时是注意力模型的 {both_time:.1f} 倍，参数量是它的 {both_size:.1f} 倍。"
    "Transformer 训练 {tf_epochs} 轮后达到 {tf_low:.2%} 到 {tf_high:.2%}，用时是注意力模型的 {tf_time:.1f} 倍。",
    "held-out exact match: {live:.4f} here, {stored:.4f} stored; CPU seconds: {live_s:.0f} here, {stored_s:.0f} "
    "stored": "留出集精确匹配率：这里 {live:.4f}，存下的 {stored:.4f}；CPU 秒数：这里 {live_s:.0f}，存下的 {stored_s:.0f}",
    "{written}: the 3 reads {char!r} (character {position}) with weight {weight:.2f}": "{written}：3 读的是 "
    "{char!r}（第 {position} 个字符），权重 {weight:.2f}",
    "{count} of {total} held-out examples wrong": "{total} 个留出样本中错了 {count} 个",
    "source": "源序列",
    "least sure token": "最没把握的词元",
    "its probability": "它的概率",
    "in the day or the month: {count} of {total}": "在日或月中：{total} 个里有 {count} 个",
    "month": "月份",
    "day": "日",
    "output": "输出",
    "correct": "正确",
    # figures
    "plain": "基础模型",
    "attention": "注意力",
    "bidirectional attention": "双向注意力",
    "Transformer": "Transformer",
    "Five runs of each kind, per form: mean, worst and best": "每种模型五次运行，按写法：平均、最差与最好",
    # exercise 1: pad_batch
    "return a tensor of ids, one row per source: [B, S].": "请返回一个索引张量，每个源序列一行：[B, S]。",
    "{label}: the ids are floating-point numbers. nn.Embedding looks ids up by integer: "
    "make the tensor with dtype=torch.long.": "{label}：索引是浮点数。nn.Embedding 按整数查找索引："
    "请用 dtype=torch.long 创建张量。",
    "{label}: the ids are right but their dtype is not torch.long (int64), which the library's models "
    "expect.": "{label}：索引是对的，但 dtype 不是库中模型所要求的 torch.long（int64）。",
    "{label}: rows and columns are swapped. One row per source: the shape is [B, S].": "{label}：行和列颠倒了。"
    "每个源序列一行：形状是 [B, S]。",
    "{label}: the padding is on the left. Put the <PAD>s after each source's characters: the masks "
    "and the LSTM's packing read a row's real characters from its start.": "{label}：填充放在了左边。请把 <PAD> "
    "放在每个源序列的字符之后：掩码和 LSTM 的打包都从一行的开头读取它的真实字符。",
    "{label}: the rows are longer than the batch's longest source. Pad to the longest source of "
    "this batch, not to a fixed width.": "{label}：行比这个小批量中最长的源序列还长。请填充到本批中最长的源序列，"
    "而不是一个固定宽度。",
    "{label}: some characters are cut off. Pad every row up to the longest source; never cut one.": "{label}："
    "有些字符被截掉了。请把每一行都填充到最长的源序列，不要截断任何一行。",
    "{label}: the characters are right, but the padding is not <PAD>. Fill with vocab.pad_id.": "{label}："
    "字符是对的，但填充用的不是 <PAD>。请用 vocab.pad_id 填充。",
    "{label} gives {got}: each row holds a source's ids (vocab.encode), then <PAD>s up to the "
    "longest source.": "{label} 得到 {got}：每一行是一个源序列的索引（vocab.encode），后面跟着 <PAD>，直到最长的源序列的长度。",
    "{name} pads all {count} batches tried.": "{name} 正确填充了全部 {count} 个测试小批量。",
    # exercise 2: masked_softmax
    "masked_softmax on scores {shape} with real lengths {lengths}": "masked_softmax，得分形状 {shape}，"
    "真实长度 {lengths}",
    "return a tensor of weights shaped like scores: [B, S].": "请返回一个与 scores 形状相同的权重张量：[B, S]。",
    "{label} gives {got}: return floating-point weights shaped like scores, [B, S].": "{label} 得到 {got}："
    "请返回与 scores 形状相同的浮点权重，[B, S]。",
    "{label}: only the padding gets weight (and a row without padding gets NaN): the mask is read "
    "upside down. True marks a real character.": "{label}：只有填充位置得到了权重（没有填充的行则得到 NaN）："
    "掩码被读反了。True 表示真实字符。",
    "{label}: some weights are NaN. A row needs at least one finite score; did a multiplication "
    "meet -inf (0 * -inf is NaN)? Replace the padding's scores instead: masked_fill.": "{label}：有些权重是 NaN。"
    "一行至少要有一个有限的得分；是不是有乘法碰上了 -inf（0 * -inf 是 NaN）？请改为替换填充位置的得分：masked_fill。",
    "{label}: the mask is not used: the padding gets weight like a character.": "{label}：没有用上掩码："
    "填充位置像字符一样得到了权重。",
    "{label}: the padding still gets weight. A score of 0 is not 'no weight': exp(0) = 1. "
    "Give the padding a score of -inf, whose weight is exactly 0.": "{label}：填充位置仍然得到了权重。"
    "得分为 0 并不表示“没有权重”：exp(0) = 1。请给填充位置 -inf 的得分，它的权重正好是 0。",
    "{label}: the padding gets 0, but the rows no longer sum to 1: zeroing after the softmax "
    "leaves the characters' weights as they were. Mask the scores before the softmax.": "{label}：填充位置得到 0，"
    "但各行之和不再是 1：在 softmax 之后置零，字符的权重还是原来的样子。请在 softmax 之前对得分做掩码。",
    "{label}: each column sums to 1: the softmax runs over the batch. Each row (one source) "
    "must sum to 1 over its positions: dim=-1.": "{label}：每一列之和为 1：softmax 是沿着小批量计算的。"
    "每一行（一个源序列）在它的各个位置上之和应为 1：dim=-1。",
    "{label} gives {got}: each row should be the softmax of the row's scores over its real "
    "characters, with exactly 0 on the padding.": "{label} 得到 {got}：每一行应是该行得分在其真实字符上的 softmax，"
    "填充位置正好为 0。",
    "{name} gives the right weights, 0 on every <PAD>, in all {count} cases tried.": "{name} 在全部 {count} "
    "个测试用例中给出了正确的权重，每个 <PAD> 上都是 0。",
    # exercise 3: per_form_exact_match
    "per_form_exact_match on {count} examples of the forms {forms}": "per_form_exact_match，{count} 个样本，"
    "写法 {forms}",
    "return a dict: one key per form, its share of right outputs as the value.": "请返回一个字典：每种写法一个键，"
    "值是它的输出正确的比例。",
    "{label} gives {got}: use one key per form that occurs in forms, and no other.": "{label} 得到 {got}："
    "forms 中出现的每种写法各一个键，不要有别的键。",
    "{label} gives {got}: each value should be a number, a share between 0 and 1.": "{label} 得到 {got}："
    "每个值都应是一个数，一个 0 到 1 之间的比例。",
    "{label} gives {got}: these are counts of right outputs. Divide by the form's number of "
    "examples.": "{label} 得到 {got}：这些是正确输出的个数。请除以该写法的样本数。",
    "{label} gives {got}: each form's count is divided by the number of all examples. "
    "Divide by the number of that form's examples.": "{label} 得到 {got}：每种写法的个数被除以了全部样本数。"
    "请除以该写法的样本数。",
    "{label} gives {got}: these are the shares of wrong outputs.": "{label} 得到 {got}：这些是错误输出的比例。",
    "{label} gives {got}: every form has the score of the whole set. Score each form's examples on "
    "their own.": "{label} 得到 {got}：每种写法得到的都是整个集合的分数。请单独给每种写法的样本打分。",
    "{label} gives {got}: this counts right characters. A date is right only if all of it is: "
    "compare whole outputs with whole targets.": "{label} 得到 {got}：这是在数正确的字符。一个日期只有整个都对才算对："
    "请把整个输出与整个目标比较。",
    "{label} gives {got}: for each form, the share of its examples whose output equals the "
    "target.": "{label} 得到 {got}：对每种写法，应是其中输出等于目标的样本所占的比例。",
    "{name} scores every form right in all {count} cases tried.": "{name} 在全部 {count} 个测试用例中"
    "都正确地给每种写法打了分。",
}
