"""Chinese for notebook 03: the LSTM Seq2Seq model, trained (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # case labels
    "for the predictions {predictions} against the targets {targets}, {name}": "对预测 {predictions} 和目标 "
    "{targets}，{name}",
    "greedy_translate(model, {date!r})": "greedy_translate(model, {date!r})",
    "case {number} ({model}, {count} batches of {batch} {what})": "用例 {number}（{model}，{count} 个批量，"
    "每批 {batch} 条{what}）",
    "dates": "日期",
    "padded strings": "带填充的字符串",
    # exercise 1: exact_match
    "{label} returns {got}. Only a prediction identical to its target, character for character, "
    "counts as a match.": "{label} 返回 {got}。只有与目标逐字符完全相同的预测才算匹配。",
    "{name} is right on all {count} lists tried, near misses included.": "{name} 在试过的全部 {count} "
    "组列表上都正确，包括只差一点的预测。",
    "{label} returns {got}; return one number between 0 and 1.": "{label} 返回 {got}；请返回一个 0 到 1 之间的数。",
    "{label} returns {got}, a count; return the share, between 0 and 1.": "{label} 返回 {got}，这是个数；"
    "请返回比例，在 0 到 1 之间。",
    "{label} returns {got}, which is not a share between 0 and 1.": "{label} 返回 {got}，这不是 0 到 1 之间的比例。",
    # exercise 2: field_accuracy
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
    # exercise 3: greedy_translate
    "{label} gives {got}, not what seq2seq_lib.translate gives. Check that each step feeds back the "
    "token just predicted and carries the state on.": "{label} 得到 {got}，与 seq2seq_lib.translate 的结果不同。"
    "检查每一步是否把刚预测出的词元送回解码器，并把状态传下去。",
    "{name} agrees with seq2seq_lib.translate on all {count} dates.": "{name} 在全部 {count} 个日期上都与 "
    "seq2seq_lib.translate 一致。",
    "{label} gives {got}: special tokens such as <GO> and <EOS> do not belong in the text.": "{label} 得到 {got}："
    "<GO>、<EOS> 这样的特殊词元不应出现在文本里。",
    "{label} gives {got}, which goes on too long: stop at <EOS>, and after at most model.max_output_len "
    "steps.": "{label} 得到 {got}，输出太长了：遇到 <EOS> 就停，最多走 model.max_output_len 步。",
    "{label} gives {got}, which stops too early: run until <EOS>, up to model.max_output_len steps.": "{label} "
    "得到 {got}，停得太早了：一直解码到 <EOS>，最多 model.max_output_len 步。",
    "return the translation as one str.": "请把译文作为一个 str 返回。",
    # exercise 4: train_steps
    "{label} returns {got}, and already the first loss differs. Compute the teacher-forced logits "
    "model(src, y[:, :-1]) and their cross-entropy against y[:, 1:], ignoring <PAD>.": "{label} 返回 {got}，"
    "第一个损失就已经不对。先算教师强制下的 logits：model(src, y[:, :-1])，再算它与 y[:, 1:] 的交叉熵，忽略 <PAD>。",
    "{name} gives the reference loss on every batch of both cases ({count} cases): "
    "each step learned what it should.": "{name} 在两个用例（共 {count} 个）的每个批量上都给出了参考损失："
    "每一步都学到了该学的。",
    "{label} returns {got}; each loss should be one number: loss.item().": "{label} 返回 {got}；"
    "每个损失应当是一个数：loss.item()。",
    "{label} returns {got}: the list should have one loss per batch, in order.": "{label} 返回 {got}："
    "列表里应当按顺序每个批量一个损失。",
    "{label} returns {got}: the targets are not shifted. The decoder reads y[:, :-1] and must predict "
    "the token that follows each one, y[:, 1:].": "{label} 返回 {got}：目标没有错开一位。解码器读入 y[:, :-1]，"
    "要预测的是每个词元的下一个，即 y[:, 1:]。",
    "{label} returns {got}: the <PAD> positions count in the loss. Pass ignore_index=model.vocab.pad_id "
    "to the cross-entropy (or use sequence_loss).": "{label} 返回 {got}：<PAD> 位置也算进了损失。"
    "给交叉熵传 ignore_index=model.vocab.pad_id（或直接用 sequence_loss）。",
    "{label} returns {got}: the loss is summed over the positions. Take the mean, as F.cross_entropy "
    "does by default.": "{label} 返回 {got}：损失是对各位置求和。请取平均，F.cross_entropy 默认就是这样做的。",
    "{label} returns {got}: the loss is right on the first batch but never changes the weights. "
    "Call optimizer.step() after loss.backward().": "{label} 返回 {got}：第一个批量的损失是对的，但权重从未更新。"
    "在 loss.backward() 之后调用 optimizer.step()。",
    "{label} returns {got}: the gradients of earlier batches pile up. Call optimizer.zero_grad() before "
    "each backward().": "{label} 返回 {got}：前面批量的梯度累积起来了。每次 backward() 之前调用 optimizer.zero_grad()。",
    "{label} returns {got}: the first loss is right, the later ones are not. In each step: zero_grad, "
    "the loss, backward, step; and return the loss computed before the step.": "{label} 返回 {got}："
    "第一个损失对，后面的不对。每一步依次是：zero_grad、计算损失、backward、step；返回的是更新之前算出的损失。",
    "return a list with one loss (a float) per batch.": "请返回一个列表，每个批量一个损失（float）。",
    # figures
    "epoch": "轮次",
    "training loss (log scale)": "训练损失（对数刻度）",
    "Cross-entropy on the training dates": "训练日期上的交叉熵",
    "exact match": "精确匹配",
    "day": "日",
    "month": "月",
    "year": "年",
    "held-out accuracy": "留出集准确率",
    "Accuracy on 2000 unseen dates": "2000 个未见过的日期上的准确率",
}
