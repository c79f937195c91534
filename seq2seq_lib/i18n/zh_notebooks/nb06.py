"""Chinese for notebook 06: the attention Seq2Seq model (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # case names of the attention step
    "step {step} of {model}, batch of {batch}": "{model} 的第 {step} 步，批量大小 {batch}",
    "step {step} of {model}, batch of {batch}, some source positions padded": "{model} 的第 {step} 步，"
    "批量大小 {batch}，部分源位置是填充",
    # exercise 1: most_attended
    "{label} gives {got}: each answer is the source position whose weight is the largest in its row.": "{label} "
    "得到 {got}：每个答案应是该行中权重最大的源位置。",
    "{name} finds the most attended source position in all {count} maps tried.": "{name} 在试过的全部 {count} "
    "张注意力图上都找到了最受关注的源位置。",
    "{label} gives {got}, which is not a list or array of positions.": "{label} 得到 {got}，这不是由位置组成的列表或数组。",
    "{label} gives {got}: one number per source position. The maximum is taken over the wrong axis: "
    "each output token (row) needs one answer.": "{label} 得到 {got}：每个源位置一个数。最大值取错了轴："
    "应该是每个输出词元（每一行）一个答案。",
    "{label} gives {got}: return one position per output token (per row).": "{label} 得到 {got}："
    "每个输出词元（每一行）返回一个位置。",
    "{label} gives {got}: these are weights, but the question asks for positions "
    "(whole numbers counted from 0).": "{label} 得到 {got}：这些是权重，而题目要的是位置（从 0 开始数的整数）。",
    "{label} gives {got}: the positions are counted from 1. Count them from 0, as NumPy indexes.": "{label} 得到 "
    "{got}：位置是从 1 开始数的。请像 NumPy 的下标那样从 0 开始数。",
    # exercise 2: field_shares
    "{label} gives {got}: add up the weights of each field's positions (counted from 0), row by row.": "{label} "
    "得到 {got}：逐行把每个字段所在位置（从 0 开始数）的权重加起来。",
    "{name} splits the attention of every row right in all {count} maps tried.": "{name} 在试过的全部 {count} "
    "张注意力图上都正确地拆分了每一行的注意力。",
    '{label} gives {got}: use exactly the keys "year", "month", "day" and "separators".': "{label} 得到 {got}："
    '键必须恰好是 "year"、"month"、"day" 和 "separators"。',
    "{label}: a field's value has the wrong shape. Each is one number per output token (per row).": "{label}："
    "某个字段的值形状不对。每个字段都应是每个输出词元（每一行）一个数。",
    "{label}: the year and the day are swapped. The source is written yy-mm-dd: the year comes first.": "{label}："
    "年和日弄反了。源序列的格式是 yy-mm-dd：年在最前面。",
    "{label}: the four shares of a row do not add up to 1. Every source position belongs to exactly one "
    "field, the two '-' to \"separators\".": "{label}：一行的四个份额加起来不是 1。每个源位置恰好属于一个字段，"
    '两个 "-" 属于 "separators"。',
    'return a dict with the keys "year", "month", "day" and "separators".': '请返回一个字典，键为 "year"、"month"、'
    '"day" 和 "separators"。',
    # exercise 3: attention_entropy
    "{label} gives {got}: a one-hot row has entropy 0 and a uniform row over T positions log(T).": "{label} 得到 "
    "{got}：one-hot 的一行熵为 0，在 T 个位置上均匀分布的一行熵为 log(T)。",
    "{name} is right for all {count} attention maps tried.": "{name} 在试过的全部 {count} 张注意力图上都正确。",
    "{label} gives {got}, which is not an array of numbers.": "{label} 得到 {got}，这不是数值数组。",
    "{label} gives {got}: return one entropy per output token (per row).": "{label} 得到 {got}："
    "每个输出词元（每一行）返回一个熵。",
    "{label} gives {got}: a weight of exactly 0 contributes nothing to the entropy (0 log 0 counts as 0), "
    "but log(0) on its own is -inf.": "{label} 得到 {got}：恰好为 0 的权重对熵没有贡献（0 log 0 记为 0），"
    "但单独计算 log(0) 会得到 -inf。",
    "{label} gives {got}: these are bits. Use the natural logarithm (nats), np.log.": "{label} 得到 {got}："
    "这是以比特为单位的。请用自然对数（奈特），即 np.log。",
    "{label} gives {got}: the sign is wrong; an entropy is never negative.": "{label} 得到 {got}：符号反了；熵不会是负数。",
    # exercise 4: attention_step
    "{label}: the logits and weights are right, but the new state (s, m) is not the one "
    "model.decoder returns, in its layout [1, B, H].": "{label}：logits 和权重都对，但新状态 (s, m) 不是 "
    "model.decoder 返回的那个，或者没有保持它的布局 [1, B, H]。",
    "{name} gives model.step's logits, new state and weights in all {count} cases: four models, "
    "two steps each, padded sources among them.": "{name} 在全部 {count} 个用例上都给出了与 model.step 相同的 "
    "logits、新状态和注意力权重：四个模型，每个两步，其中包括带填充的源序列。",
    "{label} did not return a triple (logits, (s, m), alpha) of tensors: the scores, the new state "
    "as nn.LSTM returns it, and the attention weights.": "{label} 没有返回由张量组成的三元组 "
    "(logits, (s, m), alpha)：依次是得分、nn.LSTM 返回的新状态，以及注意力权重。",
    "{label}: alpha has the wrong shape. It holds one weight per source position for every example, [B, T].": "{label}："
    "alpha 的形状不对。每个样本的每个源位置对应一个权重，形状是 [B, T]。",
    "{label}: alpha holds the scores e_{{t,j}}, not yet passed through the softmax.": "{label}：alpha 里是得分 "
    "e_{{t,j}}，还没有经过 softmax。",
    "{label}: the weights of an example do not sum to 1. The softmax runs over the source positions, "
    "the last axis (dim=-1).": "{label}：一个样本的权重之和不是 1。softmax 应沿源位置所在的最后一个轴（dim=-1）计算。",
    "{label}: padded source positions got some weight. Give them the score -inf before the softmax "
    "(scores.masked_fill(~mask, float('-inf'))), so that their weight is exactly 0.": "{label}：填充的源位置分到了"
    "权重。在 softmax 之前把它们的得分设为 -inf（scores.masked_fill(~mask, float('-inf'))），这样它们的权重恰好是 0。",
    "{label}: alpha was computed from the new state s_t (Luong's query). In this model the query is "
    "the state before the step, s_{{t-1}}: attend first, then run the LSTM.": "{label}：alpha 是用新状态 s_t "
    "算的（Luong 的查询）。这个模型的查询是这一步之前的状态 s_{{t-1}}：先算注意力，再运行 LSTM。",
    "{label}: alpha differs from model.step's. The scores are model.score(s_{{t-1}}, memory), with "
    "s_{{t-1}} = state[0][0], [B, H].": "{label}：alpha 与 model.step 的不同。得分是 model.score(s_{{t-1}}, memory)，"
    "其中 s_{{t-1}} = state[0][0]，形状 [B, H]。",
    "{label}: the logits still have nn.LSTM's time axis of length 1: they must be [B, V].": "{label}：logits "
    "还带着 nn.LSTM 长度为 1 的时间轴：应为 [B, V]。",
    "{label}: the logits have the wrong shape. One row per example, one score per token: [B, V].": "{label}："
    "logits 的形状不对。每个样本一行，每个词元一个得分：[B, V]。",
    "{label}: the output layer reads [s_t; c_t]. Its weights expect [c_t; s_t]: "
    "the context first.": "{label}：输出层读入的是 [s_t; c_t]。它的权重对应的是 [c_t; s_t]：上下文向量在前。",
    "{label}: the context is the plain average of the h_j. Weight each h_j by its alpha_{{t,j}}.": "{label}："
    "上下文向量是各 h_j 的简单平均。应该用 alpha_{{t,j}} 给每个 h_j 加权。",
    "{label}: the output layer reads the state given, s_{{t-1}}. Run the LSTM one step and use "
    "its new output s_t.": "{label}：输出层读入的是传入的状态 s_{{t-1}}。应让 LSTM 前进一步，使用它的新输出 s_t。",
    "{label}: the weights are right but the logits differ from model.step's. The LSTM reads the "
    "embedding of the previous token (model.decoder_embedding, then model.decoder), and the output "
    "layer reads torch.cat([c_t, s_t], dim=-1).": "{label}：权重是对的，但 logits 与 model.step 的不同。LSTM "
    "读入上一个词元的嵌入（先 model.decoder_embedding，再 model.decoder），输出层读入 torch.cat([c_t, s_t], dim=-1)。",
    "{label}: the logits are right, but the state returned is the one you were given: "
    "return the new one that model.decoder gives.": "{label}：logits 是对的，但返回的状态还是传入的那个："
    "应返回 model.decoder 给出的新状态。",
    "{label}: s and m are swapped. nn.LSTM returns (s, m), the hidden state first.": "{label}：s 和 m 弄反了。"
    "nn.LSTM 返回 (s, m)，隐状态在前。",
    "return a triple (logits, (s, m), alpha), as model.step does.": "请像 model.step 一样返回三元组 "
    "(logits, (s, m), alpha)。",
    # figures
    "source character": "源序列字符",
    "output token": "输出词元",
}
