"""Chinese for notebook 03: the learner's LSTM Seq2Seq model (exercise checks, printed sentences, figures)."""

TEXTS: dict[str, str] = {
    # case labels
    "for the predictions {predictions} against the targets {targets}, {name}": "对预测 {predictions} 和目标 "
    "{targets}，{name}",
    "FastDecoder({vocab_size}, {embedding_dim}, {units}) on {batch} {what}, {positions} positions each": (
        "FastDecoder({vocab_size}, {embedding_dim}, {units}) 在 {batch} 条{what}上（每条 {positions} 个位置）"
    ),
    "dates": "日期",
    "digit strings": "数字串",
    # exercise 1: field_accuracy
    "{label} returns {got}. Split each string at '/' (day/month/year); a field counts when the "
    "prediction has it and it equals the target's.": "{label} 返回 {got}。把每个字符串按 '/' 切开（日/月/年）；"
    "预测里有这个字段并且与目标的相同，才算对。",
    "{name} is right on all {count} lists tried, malformed outputs included.": "{name} 在试过的全部 {count} "
    "组列表上都正确，包括格式残缺的输出。",
    "{label} returns {got}; the dict needs exactly the keys 'day', 'month' and 'year'.": "{label} 返回 {got}；"
    "字典的键必须恰好是 'day'、'month' 和 'year'。",
    "{label} returns {got}: each field's score is a share between 0 and 1.": "{label} 返回 {got}："
    "每个字段的得分都是 0 到 1 之间的比例。",
    "{label} returns {got}: two fields have each other's scores. Check which part of the split is which: "
    "day/month/year.": "{label} 返回 {got}：有两个字段的得分互换了。检查切开后哪一段是哪个字段：日/月/年。",
    "return a dict with the keys 'day', 'month' and 'year'.": "请返回一个以 'day'、'month'、'year' 为键的字典。",
    # exercise 2: FastDecoder
    "{label} built a {kind}; FastDecoder should be a subclass of nn.Module.": "{label} 构造出的是 {kind}；"
    "FastDecoder 应当是 nn.Module 的子类。",
    "{label}: the check could not copy the library's decoder weights into it ({error}). It needs the "
    "layers self.embedding (nn.Embedding), self.lstm (nn.LSTM, batch_first=True) and self.output "
    "(nn.Linear), with the sizes given to __init__.": "{label}：检查无法把库里解码器的权重复制进去（{error}）。"
    "它需要这几层：self.embedding（nn.Embedding）、self.lstm（nn.LSTM，batch_first=True）和 self.output"
    "（nn.Linear），大小取自传给 __init__ 的参数。",
    "{label}: decoder(tokens, state) raised {error}": "{label}：decoder(tokens, state) 抛出了异常：{error}",
    "{label}: a training step (cross-entropy of the logits, backward, Adam) raised {error}. If no tensor "
    "requires grad, look for torch.no_grad() or .detach() inside forward.": "{label}：训练的一步（logits 的交叉熵、"
    "backward、Adam）抛出了异常：{error}。如果说没有张量需要梯度，请检查 forward 里是否用了 torch.no_grad() 或 "
    ".detach()。",
    "{label} returns {got}; forward should return a pair: the logits [B, U, V] and the new state (s, m).": (
        "{label} 返回 {got}；forward 应当返回一对值：logits [B, U, V] 和新的状态 (s, m)。"
    ),
    "{label} returns {got}: H numbers per position are the LSTM's hidden states, not one score per "
    "token. Pass them through self.output.": "{label} 返回 {got}：每个位置 H 个数是 LSTM 的隐状态，"
    "不是每个词元一个得分。把它们送进 self.output。",
    "{label} returns {got}: positions and rows are swapped. Build the LSTM with batch_first=True "
    "and keep its [B, U, H] outputs as they are.": "{label} 返回 {got}：位置和行（样本）颠倒了。"
    "构造 LSTM 时加上 batch_first=True，并保持它输出的 [B, U, H] 不变。",
    "{label} returns {got}: the logits should be [B, U, V], one score per token at every position "
    "of every row (for one position, U = 1).": "{label} 返回 {got}：logits 的形状应当是 [B, U, V]，"
    "每一行的每个位置上每个词元一个得分（只有一个位置时 U = 1）。",
    "{label}: your logits are probabilities (each row sums to 1). Return the output layer's scores "
    "as they are: cross_entropy applies the softmax itself, and argmax needs none.": "{label}：你返回的 logits "
    "是概率（每行加起来等于 1）。请原样返回输出层的得分：cross_entropy 自己会做 softmax，argmax 也不需要它。",
    "{label}: your logits are log-probabilities (log_softmax). Return the output layer's scores as "
    "they are: cross_entropy normalises them itself.": "{label}：你返回的 logits 是对数概率（log_softmax）。"
    "请原样返回输出层的得分：cross_entropy 自己会做归一化。",
    "{label}: your decoder starts from a zero state, not from the state it is given. Pass state to "
    "self.lstm: the encoder's summary of the source enters the decoder there and only there.": "{label}："
    "你的解码器从全零状态出发，而不是从传给它的状态出发。把 state 传给 self.lstm：编码器对源序列的概括"
    "只从这里进入解码器。",
    "{label}: the logits are right, but forward hands back the state it was given. Return the new "
    "state nn.LSTM returns: the next step must continue from it.": "{label}：logits 是对的，但 forward "
    "交回的是传给它的那个状态。请返回 nn.LSTM 给出的新状态：下一步要从它接着走。",
    "{label}: the logits are right, but the state comes back as (m, s). nn.LSTM's order is (s, m): "
    "the hidden state first, then the cell state.": "{label}：logits 是对的，但状态的顺序成了 (m, s)。"
    "nn.LSTM 的顺序是 (s, m)：先隐状态，后细胞状态。",
    "{label} returns {got}: the logits are right, but the state is not the one nn.LSTM returns after "
    "the last position. Hand back nn.LSTM's (s, m) as it is, each [1, B, H].": "{label} 返回 {got}："
    "logits 是对的，但状态不是 nn.LSTM 在最后一个位置之后返回的那个。请原样交回 nn.LSTM 的 (s, m)，"
    "形状各为 [1, B, H]。",
    "{label}: all positions at once are right, but one position at a time (tokens [B, 1], each call "
    "given the state the previous one returned) is not: the logits should then be [B, 1, V], and the "
    "same numbers as at once.": "{label}：一次算完所有位置是对的，但一次只算一个位置（tokens 为 [B, 1]，"
    "每次调用传入上一次返回的状态）就不对了：这时 logits 应当是 [B, 1, V]，数值与一次算完时相同。",
    "{label}: the outputs are right, but training cannot change every layer: no gradient reached "
    "some of the parameters. Look for .detach(), torch.no_grad() or a tensor rebuilt from numbers "
    "inside forward.": "{label}：输出是对的，但训练改变不了所有的层：有些参数没有收到梯度。检查 forward 里"
    "有没有 .detach()、torch.no_grad()，或者用数值重新构造的张量。",
    "{label}: the outputs are right, but a few Adam steps did not lower the loss: what a step changes "
    "does not last until the next forward. Does forward reset or rebuild any weights?": "{label}：输出是对的，"
    "但几步 Adam 之后损失没有下降：每一步的更新没能保留到下一次 forward。forward 里是不是重置或重建了某些权重？",
    "{label} returns {got}, not what the library's decoder gives with the same weights. Check the "
    "order: embedding of the tokens, nn.LSTM from the given state, the output layer on every position.": (
        "{label} 返回 {got}，与库里的解码器在相同权重下给出的结果不同。检查顺序：先对词元做词嵌入，"
        "再从给定的状态出发跑 nn.LSTM，最后在每个位置上用输出层。"
    ),
    "{name} gives the library's logits and state on all {count} cases, all positions at once and one "
    "at a time, and a few Adam steps on it lowered the loss.": "{name} 在全部 {count} 个用例上都给出了"
    "与库相同的 logits 和状态，无论一次算完所有位置还是一次一个位置；在它上面走几步 Adam 也让损失下降了。",
    # printed by the notebook's cells
    "parameters: {count}": "参数个数：{count}",
    "untrained loss {loss:.3f}  vs  ln 27 = {bound:.3f}": "未训练时的损失 {loss:.3f}，对比 ln 27 = {bound:.3f}",
    "untrained loss: {before:.3f} with PyTorch's bias, {after:.3f} with the bias from the targets": (
        "未训练时的损失：用 PyTorch 的偏置为 {before:.3f}，用由目标算出的偏置为 {after:.3f}"
    ),
    "entropy of the targets' token shares: {entropy:.3f}": "目标中各词元占比的熵：{entropy:.3f}",
    "epoch {epoch}: loss {loss:.3f}, held-out exact match {accuracy:.2%}": "第 {epoch} 轮：损失 {loss:.3f}，"
    "留出集精确匹配率 {accuracy:.2%}",
    "{epochs} epochs in {seconds:.1f} s": "{epochs} 轮，用时 {seconds:.1f} 秒",
    "right": "正确",
    "WRONG, should be {correct}": "错误，应为 {correct}",
    "largest difference between the logits: {difference:.1e} (the largest logit: {largest:.1f})": (
        "两者 logits 的最大差：{difference:.1e}（logit 的最大绝对值：{largest:.1f}）"
    ),
    "the same translations of all {count} held-out dates: {same}": "全部 {count} 个留出日期的译文相同：{same}",
    "one training pass on 32 dates: yours {yours:.2f} ms, the library's {library:.2f} ms": "在 32 个日期上"
    "训练一遍（前向加反向）：你的 {yours:.2f} 毫秒，库的 {library:.2f} 毫秒",
    "the library's is {ratio:.1f} times as fast": "库的快 {ratio:.1f} 倍",
    "refused: {error}": "拒绝：{error}",
    "{count} mistakes on {total} held-out dates": "{total} 个留出日期中错了 {count} 个",
    "1 epoch, batches of 16, lr 0.015": "1 轮，每批 16 个，学习率 0.015",
    "yours, at 99.9%": "你的模型，99.9% 时",
    "{count} mistakes; dates with each field wrong: {fields}": "错了 {count} 个；各字段出错的日期数：{fields}",
    "{count} wrong years: {century} with the wrong century, {digits} with the wrong last two digits": "错了 "
    "{count} 个年份：其中世纪错的 {century} 个，后两位错的 {digits} 个",
    "for example: {examples}": "例如：{examples}",
    "same vocabulary: {vocabulary} | same weights: {weights}": "词表相同：{vocabulary} | 权重相同：{weights}",
    "same translations of all {count} held-out dates: {same}": "全部 {count} 个留出日期的译文相同：{same}",
    "exit status: {code}": "退出状态：{code}",
    "standard output:": "标准输出：",
    "standard error:": "标准错误：",
    # figures
    "epoch": "轮",
    "mini-batch": "小批量",
    "training loss": "训练损失",
    "Loss on the training dates": "训练日期上的损失",
    "held-out exact match": "留出集精确匹配率",
    "Accuracy on 2000 unseen dates": "2000 个未见过的日期上的准确率",
}
