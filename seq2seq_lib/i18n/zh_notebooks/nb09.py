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
    # exercise 2: sequence_log_prob
    "return a Python float (wrap a tensor in float(...)).": "请返回一个 Python 浮点数（张量可以用 float(...) 转换）。",
    "{label} gives {got}: that is the output's probability, the product of the steps' probabilities. "
    "Its log probability adds their logarithms instead (a product of many small numbers underflows).": "{label} "
    "得到 {got}：这是输出的概率，即各步概率的乘积。对数概率要把各步概率的对数相加（许多小数相乘会下溢）。",
    "{label} gives {got}, which is positive: a log probability is never above 0. The positive number is the "
    "loss (the negative log likelihood).": "{label} 得到 {got}，是个正数：对数概率不会大于 0。"
    "这个正数是损失（负对数似然）。",
    "{label} gives {got}: that uses logarithms to base 10. The course's log probabilities use the natural "
    "logarithm (math.log, torch.log).": "{label} 得到 {got}：这里用的是以 10 为底的对数。"
    "本课程的对数概率用自然对数（math.log、torch.log）。",
    "{label} gives {got}: that is the mean of the steps' log probabilities. An output's log probability "
    "is their sum.": "{label} 得到 {got}：这是各步对数概率的平均值。一个输出的对数概率是它们的和。",
    "{label} gives {got}: the last step is left out. Every step counts, the one that writes <EOS> too.": "{label} "
    "得到 {got}：漏掉了最后一步。每一步都要算上，写出 <EOS> 的那一步也不例外。",
    "{label} gives {got}: the first step is left out. Every step counts, from the first one on.": "{label} 得到 "
    "{got}：漏掉了第一步。从第一步起，每一步都要算上。",
    "{label} gives {got}: that adds the probabilities themselves. Add their logarithms.": "{label} 得到 {got}："
    "这是把概率本身相加。要加的是它们的对数。",
    "{label} gives {got}: that is the logarithm of a sum. Take the logarithm of each step's probability, "
    "then add.": "{label} 得到 {got}：这是和的对数。要先对每一步的概率取对数，再相加。",
    "{label} gives {got}. Look at what each step adds: the logarithm of the probability of the token "
    "it chose (step.prob).": "{label} 得到 {got}。看看每一步加进来的是什么：它所选词元的概率（step.prob）的对数。",
    "{name} gives the log probability of all {count} decodings tried.": "{name} 对试过的全部 {count} "
    "个解码结果都给出了正确的对数概率。",
    # exercise 3: least_sure_step
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
    # -- figures of notebook 09 -----------------------------------------------------------------
    "attention model": "注意力模型",
    "plain model": "普通模型（固定语义向量）",
    "under-trained model": "训练不足的模型",
    "step (and what it writes)": "时间步（及其写出的内容）",
    "1 − mean probability": "1 − 平均概率",
    "Where each model hesitates: 2000 held-out dates": "各模型在哪一步犹豫：2000 个留出日期",
}
