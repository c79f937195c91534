"""Chinese for notebook 04: teacher forcing versus autoregressive generation (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # case labels
    "shift_targets(y) for y of shape {shape}": "形状为 {shape} 的 y 上的 shift_targets(y)",
    "linear_schedule({epoch}, {decay})": "linear_schedule({epoch}, {decay})",
    "errors_after_first for {predicted!r} against {target!r}": "errors_after_first 对预测 {predicted!r} 和目标 "
    "{target!r}",
    # exercise 1: shift_targets
    "{label}: the parts have the right shapes but not the right tokens. At every step t, "
    "decoder_targets[:, t] is the token that follows decoder_inputs[:, t] in y.": "{label}：两部分形状对了，"
    "词元却不对。在每个时间步 t，decoder_targets[:, t] 是 y 中紧跟在 decoder_inputs[:, t] 之后的词元。",
    "{name} splits both batches tried ({count}) into the decoder's inputs and targets.": "{name} "
    "把试过的两个批量（{count} 个）都正确地拆成了解码器的输入和目标。",
    "{label} did not return two tensors: return the pair (decoder_inputs, decoder_targets).": "{label} "
    "返回的不是两个张量：请返回 (decoder_inputs, decoder_targets)。",
    "{label}: a part has the wrong shape. Both parts keep every row and have one position fewer than y.": "{label}："
    "有一部分形状不对。两部分都保留每一行，并且都比 y 少一个位置。",
    "{label}: the two parts are swapped. The decoder reads <GO> first, and is never asked to predict it.": "{label}："
    "两部分弄反了。解码器最先读入 <GO>，但从不需要预测它。",
    "{label}: decoder_inputs does not begin with <GO> in every row: it is what the decoder reads first.": "{label}："
    "decoder_inputs 不是每一行都以 <GO> 开头，而 <GO> 正是解码器最先读入的。",
    "{label}: decoder_targets contains <GO>, but the decoder is never asked to predict <GO>.": "{label}："
    "decoder_targets 里有 <GO>，但解码器从不需要预测 <GO>。",
    "return two tensors, (decoder_inputs, decoder_targets).": "请返回两个张量：(decoder_inputs, decoder_targets)。",
    # exercise 2: linear_schedule
    "{label} returned {got}: the ratio should fall by the same amount every epoch and reach 0 at "
    "epoch decay_epochs.": "{label} 返回 {got}：比例应当每轮下降同样多，并在第 decay_epochs 轮降到 0。",
    "{name} starts at 1, falls in equal steps to 0 and stays in [0, 1] in all {count} cases tried.": "{name} "
    "在试过的全部 {count} 个用例中都从 1 开始、等步长降到 0，并始终在 [0, 1] 内。",
    "{label} returned {got}; return one finite number (a float).": "{label} 返回 {got}；请返回一个有限的数（float）。",
    "{label} returned {got}, outside [0, 1]: it is a probability, and train() refuses it.": "{label} 返回 {got}，"
    "超出了 [0, 1]：它是一个概率，train() 会拒绝它。",
    "{label} returned {got}: training should begin with pure teacher forcing.": "{label} 返回 {got}："
    "训练应当从完全的教师强制开始。",
    "{label} returned {got}: from epoch decay_epochs on, the decoder should read only its own "
    "predictions.": "{label} 返回 {got}：从第 decay_epochs 轮起，解码器应当只读入自己的预测。",
    # exercise 3: errors_after_first
    "{label} gives {got}; look again at every position after the first mistake.": "{label} 得到 {got}；"
    "再看一遍第一个错误之后的每个位置。",
    "{name} counts the later mistakes right in all {count} cases tried.": "{name} 在试过的全部 {count} "
    "个用例中都数对了后续的错误。",
    "{label} gives {got}; nothing is wrong here, so nothing can follow a first mistake.": "{label} 得到 {got}；"
    "这里没有任何错误，自然也没有跟在第一个错误后面的错误。",
    "{label} gives {got}; you seem to count every wrong position: leave out the first mistake itself.": "{label} "
    "得到 {got}；看来你数了所有出错的位置：第一个错误本身不算。",
    "{label} gives {got}; count only the positions that are wrong, not every position after the first "
    "mistake.": "{label} 得到 {got}；只数出错的位置，而不是第一个错误之后的所有位置。",
    "return a whole number (int).": "请返回一个整数（int）。",
    # figures
    "teacher forced": "教师强制",
    "free running": "自由运行（自回归）",
    "output position": "输出位置",
    "held-out accuracy": "留出集准确率",
    "Copy task: the same decoder, with and without the true prefix": "复制任务：同一个解码器，有无真实前缀",
    # section 3: on to 99%
    "{count} more epoch(s) to reach 99%": "又训练了 {count} 轮，达到 99%",
    # section 4: one forced error
    "clean": "无干扰",
    "after a wrong step 1": "第 1 步出错之后",
    "position": "位置",
    "positions 2-10 all right: {clean:.3f} of the dates clean, {forced:.3f} after the error": "位置 2-10 全部正确："
    "无干扰时占日期的 {clean:.3f}，出错之后占 {forced:.3f}",
    "of the dates whose second digit is wrong, {share:.0%} have the day's true first digit there": "在日的第二位数字"
    "出错的日期中，有 {share:.0%} 在那里写的是日的真实第一位数字",
}
