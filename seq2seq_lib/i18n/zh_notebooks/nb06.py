"""Chinese for notebook 06: the attention Seq2Seq model (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
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
    # exercise 1: FeedingDecoder (case names, the weight copy, then the verdicts)
    "step {step} of AttentionSeq2Seq({vocab}, embedding_dim={embedding_dim}, units={units}, feed_context=True), "
    "batch of {batch}": "AttentionSeq2Seq({vocab}, embedding_dim={embedding_dim}, units={units}, "
    "feed_context=True) 的第 {step} 步，批量大小 {batch}",
    "{steps} training steps of AttentionSeq2Seq({vocab}, feed_context=True) with your decoder, "
    "on a batch of {batch} dates": "用你的解码器对 AttentionSeq2Seq({vocab}, feed_context=True) "
    "在 {batch} 个日期组成的小批量上训练 {steps} 步",
    "the decoder has no layer {layer}: keep the four layers of the stub "
    "(embedding, score, cell, output) as they are": "解码器没有名为 {layer} 的层：请保留题目给出的四个层"
    "（embedding、score、cell、output），不要改动。",
    "the decoder's {layer}.{name} is not a tensor of shape {shape}: keep the four layers "
    "of the stub as they are": "解码器的 {layer}.{name} 不是形状为 {shape} 的张量：请保留题目给出的四个层，不要改动。",
    "Check the sizes: the LSTM cell reads [embed(y_{{t-1}}); c_t], E + H features, and the "
    "output layer reads [c_t; s_t], 2H features.": "请检查大小：LSTM 单元读入 [embed(y_{{t-1}}); c_t]，"
    "共 E + H 个特征；输出层读入 [c_t; s_t]，共 2H 个特征。",
    "{label}: forward returned {got}. It should return a triple (logits, (s_t, m_t), alpha) of tensors: "
    "the scores of the tokens, the LSTM cell's new state and the attention weights.": "{label}：forward 返回了 "
    "{got}。它应返回由张量组成的三元组 (logits, (s_t, m_t), alpha)：依次是各词元的得分、LSTM 单元的新状态和注意力权重。",
    "{label}: forward returned {got}; alpha should hold one weight per source position for every "
    "example, [B, T].": "{label}：forward 返回了 {got}；alpha 应为每个样本的每个源位置给出一个权重，形状是 [B, T]。",
    "{label}: alpha holds the scores e_{{t,j}}, not yet passed through the softmax.": "{label}：alpha 里是得分 "
    "e_{{t,j}}，还没有经过 softmax。",
    "{label}: the weights of an example do not sum to 1. The softmax runs over the source positions, "
    "the last axis (dim=-1).": "{label}：一个样本的权重之和不是 1。softmax 应沿源位置所在的最后一个轴（dim=-1）计算。",
    "{label}: alpha was computed from m_{{t-1}}, the LSTM's cell state. The query is the hidden state "
    "s_{{t-1}}, the first of the two in state.": "{label}：alpha 是用 LSTM 的细胞状态 m_{{t-1}} 算的。"
    "查询应是隐状态 s_{{t-1}}，即 state 中的第一个。",
    "{label}: alpha differs from the library's. The scores are e_{{t,j}} = s_{{t-1}} . (W h_j + b), "
    "with W h_j + b = self.score(memory) and s_{{t-1}} the hidden state given, before the LSTM's step.": "{label}："
    "alpha 与库中模型的不同。得分是 e_{{t,j}} = s_{{t-1}} . (W h_j + b)，其中 W h_j + b = self.score(memory)，"
    "s_{{t-1}} 是传入的隐状态，即 LSTM 这一步之前的状态。",
    "{label}: forward returned {got}; the logits should have one row per example and one score per "
    "token, [B, V].": "{label}：forward 返回了 {got}；logits 应为每个样本一行、每个词元一个得分，形状是 [B, V]。",
    "{label}: the context is a weighted sum of the keys W h_j + b. Weight the encoder outputs h_j "
    "themselves (memory).": "{label}：上下文向量是对键 W h_j + b 的加权和。应该对编码器输出 h_j 本身（memory）加权。",
    "{label}: the context is the plain average of the h_j. Weight each h_j by its alpha_{{t,j}}.": "{label}："
    "上下文向量是各 h_j 的简单平均。应该用 alpha_{{t,j}} 给每个 h_j 加权。",
    "{label}: the LSTM cell reads [c_t; embed(y_{{t-1}})]. The library's weights expect "
    "[embed(y_{{t-1}}); c_t]: the embedding first.": "{label}：LSTM 单元读入的是 [c_t; embed(y_{{t-1}})]。"
    "库中模型的权重对应的是 [embed(y_{{t-1}}); c_t]：嵌入在前。",
    "{label}: the output layer reads [s_t; c_t]. Its weights expect [c_t; s_t]: the context first.": "{label}："
    "输出层读入的是 [s_t; c_t]。它的权重对应的是 [c_t; s_t]：上下文向量在前。",
    "{label}: the weights are right but the logits differ from the library's. The LSTM cell reads "
    "torch.cat([embed(y_{{t-1}}), c_t], dim=-1), and the output layer reads the context next to the "
    "cell's new hidden state s_t.": "{label}：权重是对的，但 logits 与库中模型的不同。LSTM 单元读入 "
    "torch.cat([embed(y_{{t-1}}), c_t], dim=-1)，输出层读入上下文向量和单元新的隐状态 s_t。",
    "{label}: the logits are right, but the state returned is the one given: return the LSTM cell's "
    "new state (s_t, m_t).": "{label}：logits 是对的，但返回的状态还是传入的那个：应返回 LSTM 单元的新状态 (s_t, m_t)。",
    "{label}: s and m are swapped. nn.LSTMCell returns (s, m), the hidden state first.": "{label}：s 和 m 弄反了。"
    "nn.LSTMCell 返回 (s, m)，隐状态在前。",
    "{label}: your steps give the library's numbers, but no gradient reaches some layers of your decoder "
    "(losses and layers: {got}). Keep the whole step in torch operations: no .detach(), .item(), "
    ".numpy() or torch.no_grad() inside forward.": "{label}：你的每一步都与库中模型的数值一致，但梯度到达不了"
    "解码器的某些层（损失和层：{got}）。整个一步都要用 torch 的运算完成：forward 里不要用 .detach()、.item()、"
    ".numpy() 或 torch.no_grad()。",
    "{label}: your steps give the library's numbers, but training with your decoder does not follow the "
    "library's (losses {got}). Compute every step from its inputs alone, with no state kept on the module "
    "between calls.": "{label}：你的每一步都与库中模型的数值一致，但用你的解码器训练时与库中模型的训练过程不同"
    "（损失 {got}）。每一步都只应由它的输入算出，不要在两次调用之间把状态存在模块上。",
    "{label}: the logits and the weights are right, but the new state is not the LSTM cell's "
    "(s_t, m_t), each [B, H].": "{label}：logits 和权重都对，但新状态不是 LSTM 单元给出的 (s_t, m_t)，"
    "两者的形状都应是 [B, H]。",
    "{name} gives the library's logits, new state and attention weights at every step tried, and trains "
    "as the library's model does: {count} cases, three model sizes and two vocabularies.": "{name} 在试过的每一步"
    "都给出了与库中模型相同的 logits、新状态和注意力权重，训练过程也与库中模型一致：共 {count} 个用例，"
    "三种模型大小，两套词表。",
    # the notebook's printed lines
    "{n_train} training dates, {n_test} held-out dates": "{n_train} 个训练日期，{n_test} 个留出集日期",
    "{n:,} parameters": "{n:,} 个参数",
    "epoch {epoch}: held-out exact match {exact:.3f} ({seconds:.1f} s since the start)": "第 {epoch} 轮："
    "留出集精确匹配 {exact:.3f}（从开始算起 {seconds:.1f} 秒）",
    "the library's model with your weights: the same {n:,} parameters,": "装上你的权重的库中模型：同样的 {n:,} 个参数，",
    "the same logits on all {n} held-out dates (to 1e-4), and the same translations": "在全部 {n} 个留出集日期上"
    "给出相同的 logits（误差在 1e-4 以内）和相同的译文",
    "{name:>43}: {calls:2d} LSTM call(s) per training step": "{name:>43}：每个训练步调用 LSTM {calls:2d} 次",
    "{name:>43}: {times:.1f} times the library's time per training step": "{name:>43}：每个训练步的耗时是库中模型的 "
    "{times:.1f} 倍",
    "plain, after one epoch": "基础模型，一轮之后",
    "your attention model, after one epoch": "你的注意力模型，一轮之后",
    "mean attention over the held-out dates (rows: output position, columns: source position)": "留出集日期上的"
    "平均注意力（行：输出位置，列：源位置）",
    "share of each day digit's attention on the day's two source characters:": "日的每个数字落在日的两个源字符上的"
    "注意力份额：",
    # figures
    "source character": "源序列字符",
    "output token": "输出词元",
}
