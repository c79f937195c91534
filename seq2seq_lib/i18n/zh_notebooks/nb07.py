"""Chinese for notebook 07: accuracy against input length (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # case names
    "case {number} ({batch} strings of {low} to {high} digits)": "用例 {number}（{batch} 个长 {low} 到 {high} 位的数字串）",
    "case {number} (weights of a {length}-digit string, shape {shape})": "用例 {number}（一个 {length} 位数字串的"
    "注意力权重，形状 {shape}）",
    # exercise 1: position_accuracy
    "{label} gives {got}, which is not the share of right tokens at each position. Compare predicted and target "
    "element by element, keep the positions where target is not padding, and average each column over the "
    "strings that count.": "{label} 得到 {got}，这不是每个位置上正确词元的比例。请逐元素比较 predicted 和 target，"
    "只保留 target 不是填充的位置，再对每一列在有效的数字串上取平均。",
    "{name} is right on all {count} batches tried, padded ones among them.": "{name} 在试过的全部 {count} "
    "个批量上都正确，其中包括带填充的批量。",
    "{label} gives {got}: one number for all positions. Return one accuracy per output position, [U] numbers.": "{label} "
    "得到 {got}：所有位置只有一个数。请为每个输出位置返回一个准确率，共 [U] 个数。",
    "{label} gives one number per string: the mean is taken over the wrong axis. Average over the strings "
    "(dim 0), one result per position.": "{label} 每个数字串得到一个数：平均取错了轴。请在数字串上（第 0 维）"
    "取平均，每个位置一个结果。",
    "{label} gives {got}, which has the wrong shape: return one accuracy per output position, as many as target "
    "has columns.": "{label} 得到 {got}，形状不对：请为每个输出位置返回一个准确率，个数与 target 的列数相同。",
    "{label} gives counts, not shares: divide the number right at each position by the number of strings that "
    "have a token there.": "{label} 给出的是个数，不是比例：请把每个位置上正确的个数除以在该位置有词元的数字串个数。",
    "{label} gives the share of wrong tokens at each position, not the share of right ones.": "{label} "
    "给出的是每个位置上错误词元的比例，而不是正确词元的比例。",
    "{label} counts the padding: where a short string has ended, both sides hold <PAD> and agree, which makes "
    "late positions look too good. Count only positions where target is not pad_id.": "{label} 把填充也算进去了："
    "短数字串结束以后，两边都是 <PAD>，自然相等，于是靠后的位置显得太好。只统计 target 不等于 pad_id 的位置。",
    "{label} divides by every string, also those that have already ended at that position: late positions look "
    "too bad. Divide by the number of strings that have a real token there.": "{label} 除以了全部数字串，"
    "包括在该位置已经结束的那些：靠后的位置显得太差。请除以在该位置确实有词元的数字串个数。",
    "{label} decides which positions count from the prediction. A prediction may stop early or run on; the "
    "target says where each string really has a token: mask with target != pad_id.": "{label} "
    "根据预测来决定哪些位置算数。预测可能提前结束，也可能多写；每个数字串真正有词元的位置由 target 决定："
    "请用 target != pad_id 作掩码。",
    "return a tensor (or array) with one accuracy per output position.": "请返回一个张量（或数组），每个输出位置一个准确率。",
    # exercise 2: diagonal_share
    "{label} gives {got}, which is not the mean weight on the diagonal of the digit rows.": "{label} 得到 {got}，"
    "这不是数字行对角线上权重的平均值。",
    "{name} is right for all {count} attention maps tried.": "{name} 在试过的全部 {count} 张注意力图上都正确。",
    "{label} gives a tensor of several numbers: return their mean, one number.": "{label} 得到一个包含多个数的张量："
    "请返回它们的平均值，一个数。",
    "{label} gives {got}: the sum of the diagonal weights, not their mean. A share lies between 0 and 1.": "{label} "
    "得到 {got}：这是对角线权重之和，不是平均值。份额应在 0 和 1 之间。",
    "{label} gives {got}: the <EOS> row is counted. alpha has one more row than columns; the last row writes "
    "<EOS> and has no diagonal entry: average over the L digit rows only.": "{label} 得到 {got}：把 <EOS> "
    "那一行也算进去了。alpha 的行数比列数多一；最后一行输出 <EOS>，没有对角元素：只在 L 个数字行上取平均。",
    "{label} gives {got}: that is the anti-diagonal, where the reverse task would look. A copy writes digit t "
    "from source position t.": "{label} 得到 {got}：这是反对角线，是反转任务该看的地方。复制任务从源位置 t 写出第 t 位数字。",
    "{label} gives {got}: the diagonal is one position off. Output row t (counted from 0) pairs with source "
    "column t.": "{label} 得到 {got}：对角线错开了一个位置。输出的第 t 行（从 0 开始数）对应源序列的第 t 列。",
    "{label} gives {got}: the share of rows whose largest weight is on the diagonal. The exercise asks for the "
    "weight itself: the mean of alpha[t, t].": "{label} 得到 {got}：这是最大权重落在对角线上的行所占的比例。"
    "练习要的是权重本身：alpha[t, t] 的平均值。",
    "{label} gives {got}: the mean of all weights. Take only the diagonal entries alpha[t, t].": "{label} 得到 "
    "{got}：这是所有权重的平均值。只取对角元素 alpha[t, t]。",
    "return one number (a float).": "请返回一个数（float）。",
    # the notebook's printed lines
    "attention, longer than any training string: {beyond} of 200 strings exact, by length": "注意力模型，"
    "比任何训练串都长时：按长度计，200 个串中准确复制的个数 {beyond}",
    # figures
    "output position": "输出位置",
    "accuracy at this position": "该位置的准确率",
    "plain, greedy (fed its own outputs)": "普通模型，贪心（输入自己的输出）",
    "plain, teacher forcing (fed the truth)": "普通模型，教师强制（输入真实词元）",
    "attention, greedy": "注意力模型，贪心",
    "Plain model on 10-digit strings: exposure bias": "普通模型在 10 位数字串上：曝光偏差",
    "source digit": "源数字",
    "output token": "输出词元",
    "Attention weights of one copy": "一次复制的注意力权重",
}
