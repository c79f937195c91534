"""Chinese for notebook 02: the encoder and the decoder (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    "{label} gives {got}. List the tensors the layer holds, "
    "[(name, p.shape) for name, p in nn.LSTM(input_size, hidden_size).named_parameters()], "
    "and count each one.": "{label} 得到 {got}。把这一层的张量都列出来："
    "[(name, p.shape) for name, p in nn.LSTM(input_size, hidden_size).named_parameters()]，再逐个数一数。",
    "{name} agrees with PyTorch for all {count} layer sizes tried.": "{name} 在试过的全部 {count} 种层大小上都与 PyTorch 一致。",
    "{label} gives {got}: one bias vector per gate is missing. PyTorch keeps two for every gate, b_ih and b_hh; "
    "list them with named_parameters().": "{label} 得到 {got}：每个门少算了一个偏置向量。PyTorch 为每个门保存两个偏置，"
    "b_ih 和 b_hh；可以用 named_parameters() 把它们列出来。",
    "{label} gives {got}: the biases are missing. Every gate also adds bias vectors to its weighted sums.": "{label} "
    "得到 {got}：漏掉了偏置。每个门在加权求和之后还要加上偏置向量。",
    "{label} gives {got}: the recurrent weights W_hh, which read the previous hidden state, are missing.": "{label} "
    "得到 {got}：漏掉了循环权重 W_hh，也就是读取上一时间步隐状态的那部分权重。",
    "{label} gives {got}: that is one gate's worth. An LSTM has four gates (i, f, g, o), each with its own "
    "weights and biases.": "{label} 得到 {got}：这只是一个门的参数量。LSTM 有四个门（i、f、g、o），每个门都有自己的权重和偏置。",
    "{label} gives {got}: that counts three gates, as a GRU has. An LSTM has four.": "{label} 得到 {got}："
    "这是按三个门算的，那是 GRU 的结构；LSTM 有四个门。",
    "{label}: C differs from W_h h_T + b_h. Write it with @ (or torch.matmul), the weight's "
    "transpose and the bias.": "{label}：C 与 W_h h_T + b_h 不同。用 @（或 torch.matmul）、权重的转置和偏置来写。",
    "{name} matches nn.Linear on all {count} cases, the library's own W_h among them.": "{name} 在全部 {count} "
    "个用例上都与 nn.Linear 一致，其中包括库里模型自己的 W_h。",
    "{label}: C is transposed. Keep one row per example of h_T: the result is [B, H_out].": "{label}：C 被转置了。"
    "h_T 的每个样本占一行，结果也应如此：形状是 [B, H_out]。",
    "{label}: C has the wrong shape. It needs one row per example of h_T and one column per row of weight.": "{label}："
    "C 的形状不对。h_T 的每个样本对应一行，weight 的每一行对应一列。",
    "{label}: W_h is applied the wrong way round. nn.Linear stores its weight as "
    "[out_features, in_features], and h_T holds one example per row.": "{label}：W_h 乘反了。nn.Linear 的权重按 "
    "[out_features, in_features] 存放，而 h_T 是每行一个样本。",
    "{label}: C is missing the bias b_h.": "{label}：C 少了偏置 b_h。",
    "{label}: C has gone through an activation function. C = W_h h_T + b_h is linear: "
    "no tanh, sigmoid or ReLU.": "{label}：C 经过了激活函数。C = W_h h_T + b_h 是线性变换：不要 tanh、sigmoid 或 ReLU。",
    "return a torch.Tensor.": "请返回一个 torch.Tensor。",
    "{label}: the logits differ from model.step's. Follow the three parts in order: "
    "model.decoder_embedding, model.decoder (one step from the state), model.output.": "{label}：logits 与 "
    "model.step 的不同。按顺序用这三部分：model.decoder_embedding、model.decoder（从给定状态走一步）、model.output。",
    "{name} gives model.step's logits and new state in all {count} cases: four models, two steps each.": "{name} "
    "在全部 {count} 个用例（四个模型，各走两步）上都给出了与 model.step 相同的 logits 和新状态。",
    "{label} did not return a pair (logits, (h, m)) of tensors: return the scores, then the new state "
    "as nn.LSTM returns it.": "{label} 返回的不是由张量组成的 (logits, (h, m))：先返回得分，再按 nn.LSTM "
    "的返回方式返回新状态。",
    "{label}: the logits still have nn.LSTM's time axis of length 1. Take out[:, 0] (or squeeze(1)) "
    "so that they are [B, V].": "{label}：logits 还带着 nn.LSTM 长度为 1 的时间维。取 out[:, 0]（或 squeeze(1)），"
    "让它成为 [B, V]。",
    "{label}: the logits have one number per hidden unit, not one per token: the output layer "
    "model.output turns s_t into a score for every token.": "{label}：logits 是每个隐藏单元一个数，而不是每个词元一个数："
    "输出层 model.output 才把 s_t 变成词表中每个词元的得分。",
    "{label}: the logits have the wrong shape. They need one row per example and one score per token "
    "of the vocabulary, [B, V] (a batch of one must keep its row: squeeze only the time axis).": "{label}："
    "logits 的形状不对。每个样本一行、词表中每个词元一个得分，即 [B, V]（批量为 1 时也要保留这一行：只压缩时间维）。",
    "{label}: the new state is not in nn.LSTM's layout. Return h and m as model.decoder returns them, "
    "[1, B, H] each.": "{label}：新状态的形状不是 nn.LSTM 的布局。按 model.decoder 返回的样子返回 h 和 m，各为 [1, B, H]。",
    "{label}: h and m are swapped. nn.LSTM returns (h, m), the hidden state first.": "{label}：h 和 m 弄反了。"
    "nn.LSTM 返回 (h, m)，隐状态在前。",
    "{label}: the logits are those of a step from a zero state, so the source is lost. "
    "Pass the state you were given to model.decoder.": "{label}：这些 logits 是从全零状态走一步得到的，源序列的信息丢了。"
    "把传进来的 state 交给 model.decoder。",
    "{label}: the logits come from the state you were given, without the LSTM step. "
    "Run model.decoder first and score its new output.": "{label}：logits 直接来自传进来的状态，没有经过 LSTM 这一步。"
    "先运行 model.decoder，再对它的新输出打分。",
    "{label}: the logits use the encoder's embedding or LSTM. The decoder has its own: "
    "model.decoder_embedding and model.decoder.": "{label}：logits 用了编码器的嵌入层或 LSTM。解码器有自己的："
    "model.decoder_embedding 和 model.decoder。",
    "{label}: the logits are right, but the state you return is the one you were given: "
    "return the new one that model.decoder gives.": "{label}：logits 是对的，但返回的状态还是传进来的那个："
    "应返回 model.decoder 给出的新状态。",
    "{label}: the logits are right, but the new state (h, m) is not the one model.decoder returns.": "{label}："
    "logits 是对的，但新状态 (h, m) 不是 model.decoder 返回的那个。",
    "return a pair (logits, (h, m)): the scores and the new state.": "请返回 (logits, (h, m))：得分和新状态。",
    "case {number} (h_T of shape {h}, weight of shape {w})": "用例 {number}（h_T 形状为 {h}，weight 形状为 {w}）",
    "case {number} (the library's W_h and b_h, h_T of shape {h})": "用例 {number}（库中模型的 W_h 和 b_h，h_T 形状为 {h}）",
    "step {step} of {model} (a vocabulary of {size} tokens), batch of {batch}": "{model}（词表 {size} 个词元）的第 "
    "{step} 步，批量为 {batch}",
    # exercise 4: encoder_states
    "{model} on a batch of {batch} sources of length {length}": "{model}，{batch} 个长度为 {length} 的源序列组成的批量",
    "return a pair (outputs, (h_T, m_T)): every hidden state, then the final state.": "请返回 (outputs, (h_T, m_T))："
    "先是全部隐状态，再是最终状态。",
    "{label}: the result is not a pair (outputs, (h_T, m_T)) of tensors, the way model.encode returns it.": "{label}："
    "结果不是由张量组成的 (outputs, (h_T, m_T))，请按 model.encode 的返回方式返回。",
    "{label}: the hidden states are stacked along the wrong axis: one row per example, "
    "[B, T, H], as nn.LSTM with batch_first=True gives them.": "{label}：隐状态堆叠的维度不对：每个样本占一行，"
    "即 [B, T, H]，与 batch_first=True 的 nn.LSTM 给出的一样。",
    "{label}: the hidden states have the wrong shape. Keep one for every position: [B, T, H].": "{label}："
    "隐状态的形状不对。每个位置都要保留一个：[B, T, H]。",
    "{label}: every position starts again from a zero state. Pass the state each step returns "
    "to the next call of model.encoder.": "{label}：每个位置都重新从全零状态开始。把每一步返回的状态传给下一次 model.encoder 调用。",
    "{label}: the source is read from its last position to its first; the encoder reads x_1 first.": "{label}："
    "源序列是从最后一个位置读到第一个位置的；编码器应当先读 x_1。",
    "{label}: the hidden states come from the decoder's embedding and LSTM. The encoder has its own: "
    "model.encoder_embedding and model.encoder.": "{label}：隐状态来自解码器的嵌入层和 LSTM。编码器有自己的："
    "model.encoder_embedding 和 model.encoder。",
    "{label}: the hidden states are right, but the final state is not in nn.LSTM's layout: "
    "h_T and m_T are [1, B, H] each.": "{label}：隐状态是对的，但最终状态不是 nn.LSTM 的布局：h_T 和 m_T 各为 [1, B, H]。",
    "{label}: the hidden states are right, but h_T and m_T are swapped: nn.LSTM returns (h, m).": "{label}："
    "隐状态是对的，但 h_T 和 m_T 弄反了：nn.LSTM 返回 (h, m)。",
    "{label}: the hidden states are right, but the final state is not the one after the last position.": "{label}："
    "隐状态是对的，但最终状态不是读完最后一个位置之后的那个。",
    "{label}: the hidden states differ from model.encode's. Look up the embeddings with "
    "model.encoder_embedding, then call model.encoder on one position at a time, x[:, t : t + 1].": "{label}："
    "隐状态与 model.encode 的不同。先用 model.encoder_embedding 查出词嵌入，再每次对一个位置 x[:, t : t + 1] 调用 model.encoder。",
    "{name} gives model.encode's hidden states and final state for all {count} models tried.": "{name} "
    "在试过的全部 {count} 个模型上都给出了与 model.encode 相同的隐状态和最终状态。",
    # figures
    "epoch": "轮",
    "held-out exact match": "留出集上的精确匹配率",
    "Two context vectors, same data and seed": "两种语义向量：相同的数据和随机种子",
}
