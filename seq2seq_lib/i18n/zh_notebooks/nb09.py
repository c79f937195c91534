"""Chinese for notebook 09: the decoding explorer (seq2seq_lib.explorer), its exercise checks and figures."""

TEXTS: dict[str, str] = {
    # -- the explorer's labels and panes (seq2seq_lib.explorer.UI_STRINGS) ---------------------
    "Date (yy-mm-dd)": "日期（yy-mm-dd）",
    "Translation": "译文",
    "Step": "时间步",
    "Beam width": "束宽",
    "no translation": "没有译文",
    "Decoding failed: {error}": "解码失败：{error}",
    "Output": "输出",
    "p": "p",
    "Greedy decoding, step {step} of {steps}: the model outputs '{token}' with probability {prob}": "贪心解码，"
    "第 {step} 步（共 {steps} 步）：模型输出 '{token}'，概率为 {prob}",
    "The {k} most probable tokens at this step": "这一步概率最高的 {k} 个词元",
    "Rank": "排名",
    "Token": "词元",
    "Probability": "概率",
    "Attention at step {step}: the weight of each source character": "第 {step} 步的注意力：每个源字符得到的权重",
    "Source": "源序列",
    "Weight": "权重",
    "This model has no attention: every step reads the same summary of the source "
    "(the encoder's final state), so there is no weight per source character to show.": "这个模型没有注意力："
    "每一步读到的都是同一份源序列摘要（编码器的最终状态），所以没有每个源字符的权重可以显示。",
    "Beam search, width {width}: the {count} best outputs": "束搜索，束宽 {width}：最好的 {count} 个输出",
    "Log probability": "对数概率",
    # -- exercise checks (seq2seq_lib.exercises.nb09): case labels ---------------------------
    "top_k on probability row {number} (k={k})": "top_k 作用于第 {number} 行概率（k={k}）",
    "{name} on the steps of {output!r} ({count} steps)": "{name} 作用于 {output!r} 的各步（共 {count} 步）",
    # exercise 1: top_k
    "return a list of (token, probability) pairs.": "请返回一个由（词元, 概率）二元组组成的列表。",
    "{label} gives {got}: each element should be one pair (token, probability).": "{label} 得到 {got}："
    "每个元素都应该是一个（词元, 概率）二元组。",
    "{label} gives {got}: each pair should be (token, probability), in that order.": "{label} 得到 {got}："
    "每个二元组应该按（词元, 概率）的顺序排列。",
    "{label} gives {got}: these are token ids. The explorer shows tokens: look each id up in vocab.tokens.": "{label} "
    "得到 {got}：这些是词元的索引。探索器显示的是词元：用 vocab.tokens 把每个索引换成词元。",
    "{label} gives {got}: a list of the wrong length. k says how many pairs to return.": "{label} 得到 {got}："
    "列表长度不对。k 表示要返回多少个二元组。",
    "{label} gives {got}: these are the least probable tokens. Sort from the most probable down "
    "(descending=True).": "{label} 得到 {got}：这些是概率最低的词元。要从概率最高的往下排（descending=True）。",
    "{label} gives {got}: the right tokens, in the wrong order. The most probable comes first.": "{label} 得到 {got}："
    "词元对了，但顺序不对。概率最高的应该排在最前面。",
    "{label} gives {got}: the most probable token is missing. The top k starts with the token greedy "
    "decoding chooses.": "{label} 得到 {got}：少了概率最高的词元。前 k 个词元的第一个就是贪心解码选中的词元。",
    "{label} gives {got}: the right tokens, but not their probabilities. Return each token's value "
    "from probs as it is (no softmax or log on top).": "{label} 得到 {got}：词元对了，概率却不对。"
    "直接返回 probs 中每个词元的值（不要再套 softmax 或取对数）。",
    "{label} gives {got}, which are not the k most probable tokens with their probabilities.": "{label} 得到 {got}，"
    "这不是概率最高的 k 个词元及其概率。",
    "{name} lists the right tokens and probabilities in all {count} cases tried.": "{name} 在试过的全部 {count} "
    "个例子中都列出了正确的词元和概率。",
    # exercise 2: least_sure_step
    "return the step's position as a whole number (int), as the step slider shows it.": "请像时间步滑块那样，"
    "用一个整数（int）返回这一步的位置。",
    "{label} gives {got}: that counts from 0. The slider and Step.position count steps from 1.": "{label} 得到 "
    "{got}：这是从 0 开始数的。滑块和 Step.position 都从 1 开始数。",
    "{label} gives {got}: the step the model is surest of. Look for the lowest probability.": "{label} 得到 {got}："
    "这是模型最有把握的一步。要找的是概率最低的一步。",
    "{label} gives {got}: the step whose runner-up (step.top[1]) is most probable. The question is about "
    "the chosen token's own probability, step.prob.": "{label} 得到 {got}：这是第二名（step.top[1]）"
    "概率最高的一步。题目问的是被选中词元自己的概率 step.prob。",
    "{label} gives {got}, which is not a step of this decoding: positions run from 1 to the number of steps.": "{label} "
    "得到 {got}，这不是这次解码中的一步：位置从 1 到总步数。",
    "{label} gives {got}: at that step the chosen token is not the least probable one. Compare "
    "step.prob across the steps.": "{label} 得到 {got}：在这一步，被选中词元的概率并不是最低的。比较各步的 step.prob。",
    "{name} finds the least sure step of all {count} decodings tried.": "{name} 在试过的全部 {count} "
    "个解码结果中都找到了最没把握的一步。",
    # exercise 3: first_wrong_step
    "first_wrong_step on the steps of {output!r}, the right answer {right!r}": "first_wrong_step 作用于 {output!r} "
    "的各步，正确答案是 {right!r}",
    "return the step's position as a whole number (int), or None when the output is right.": "请用一个整数（int）"
    "返回这一步的位置；输出完全正确时返回 None。",
    "{label} gives {got}: every step of this decoding writes the right token, and then the answer is None.": "{label} "
    "得到 {got}：这次解码的每一步都写出了正确的词元，这时答案应是 None。",
    "{label} gives None, but the output is not right. Compare each step's token with the right answer's "
    "token at the same position, <EOS> included.": "{label} 得到 None，但输出并不正确。把每一步的词元与正确答案"
    "在同一位置上的词元比较，<EOS> 也要比较。",
    "{label} gives {got}: that compares the two texts character by character. A month is one token of "
    "three characters: compare step.token with the right answer's tokens, one step at a time.": "{label} 得到 "
    "{got}：这是把两段文本逐个字符比较的结果。一个月份是一个词元、三个字符：应把 step.token 与正确答案的词元逐步比较。",
    "{label} gives {got}: the last wrong step. The question is about the first one, where the decoding "
    "leaves the right answer.": "{label} 得到 {got}：这是最后一个出错的时间步。题目问的是第一个，即解码偏离正确答案的地方。",
    "{label} gives {got}: at that step the token is not the first that differs from the right answer.": "{label} "
    "得到 {got}：在这一步，词元并不是第一个与正确答案不同的。",
    "{name} finds where each of the {count} decodings tried leaves the right answer.": "{name} 对试过的全部 "
    "{count} 次解码都找到了偏离正确答案的地方。",
    # -- the notebook's printed lines and tables --------------------------------------------------
    "attention model: {exact:.1%} of held-out dates right after {epochs} epoch(s)": "注意力模型：训练 {epochs} 轮后，"
    "留出集日期中有 {exact:.1%} 翻译正确",
    "healthy": "健康的模型",
    "day hidden": "遮住日",
    "month hidden": "遮住月份",
    "year hidden": "遮住年份",
    "held-out accuracy, whole dates and each field:": "留出集上的准确率，整个日期以及每个字段：",
    "under-trained model, {passes} passes over 256 dates: {exact:.1%} of held-out dates right": "训练不足的模型，"
    "在 256 个日期上遍历 {passes} 次：留出集日期中有 {exact:.1%} 翻译正确",
    "right": "正确答案",
    "under-trained": "训练不足",
    "misreads 5 and 6": "把 5 和 6 认错",
    "dates wrong": "错误的日期数",
    "first wrong step, most often": "最常见的第一个出错步",
    "p at the first wrong step": "第一个出错步的 p",
    "p of the right tokens": "正确词元的 p",
}
