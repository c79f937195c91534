"""Chinese for notebook 05: the mathematics of attention (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # exercise 1: softmax
    "{label} gives {got}: the weights sum to 1, but they are not softmax: "
    "each weight must be proportional to exp(score).": "{label} 得到 {got}：权重之和是 1，但这不是 softmax："
    "每个权重都应与 exp(得分) 成正比。",
    "{name} is right on all {count} score arrays tried, huge ones and 2-D ones included.": "{name} 在试过的全部 "
    "{count} 组得分上都正确，包括非常大的得分和二维数组。",
    "{label} gives an array of another shape: return one weight per score, in the shape of the scores.": "{label} "
    "返回的数组形状不对：每个得分对应一个权重，形状与得分相同。",
    "{label} gives {got}: exp() overflows (or underflows to 0 everywhere) for scores this far from 0. "
    "Softmax gives the same weights when one number is added to every score of a row: use that to keep "
    "exp() in range, row by row.": "{label} 得到 {got}：得分离 0 这么远时，exp() 会上溢（或者全部下溢成 0）。"
    "给一行的每个得分都加上同一个数，softmax 的结果不变：利用这一点，逐行把 exp() 的输入控制在合理范围内。",
    "{label} gives {got}: the whole array sums to 1, but each row must: in a 2-D array every row is its "
    "own distribution (sum over the last axis, keeping it: keepdims=True).": "{label} 得到 {got}：整个数组之和是 1，"
    "但应该是每一行之和为 1：二维数组的每一行都是一个独立的分布（沿最后一个轴求和，并保留该轴：keepdims=True）。",
    "{label} gives {got}: the columns sum to 1, not the rows. Softmax runs over the last axis.": "{label} 得到 "
    "{got}：和为 1 的是列而不是行。softmax 沿最后一个轴计算。",
    "{label} gives {got}: these are the exponentials, not yet divided by their total.": "{label} 得到 {got}："
    "这些只是指数值，还没有除以它们的总和。",
    "{label} gives {got}: the weights of a row do not sum to 1.": "{label} 得到 {got}：一行的权重之和不是 1。",
    "return a NumPy array (np.ndarray) with one weight per score.": "请返回一个 NumPy 数组（np.ndarray），"
    "每个得分对应一个权重。",
    # exercise 2: the context vector
    "{label} gives {got}: c is the sum of the rows h_j, each multiplied by its own alpha_j.": "{label} 得到 {got}："
    "c 是各行 h_j 之和，每一行先乘以它自己的 alpha_j。",
    "{name} is right for all {count} weightings tried, a one-hot one and a square h among them.": "{name} 在试过的"
    "全部 {count} 组权重上都正确，其中包括一组 one-hot 权重和一个方阵 h。",
    "{label} gives an array of shape [T, H]: each h_j is weighted, but the weighted rows are not added up.": "{label} "
    "返回的数组形状是 [T, H]：每个 h_j 都加了权，但加权后的各行还没有相加。",
    "{label} gives one number per source position: the sum runs over the wrong axis. c has one number "
    "per hidden unit; the sum runs over the positions j.": "{label} 为每个源位置返回了一个数：求和的轴不对。"
    "c 的每个分量对应一个隐藏单元；求和是对位置 j 进行的。",
    "{label} gives an array of the wrong shape: c has one number per hidden unit, shape [H].": "{label} "
    "返回的数组形状不对：c 的每个分量对应一个隐藏单元，形状是 [H]。",
    "{label} gives {got}: the rows h_j are added up without their weights alpha_j.": "{label} 得到 {got}："
    "各行 h_j 直接相加了，没有乘上各自的权重 alpha_j。",
    "{label} gives {got}: the weights multiply the columns of h. Each alpha_j belongs to a row, the "
    "encoder output h_j (alpha[:, None] * h, or alpha @ h).": "{label} 得到 {got}：权重乘到了 h 的列上。"
    "每个 alpha_j 属于一行，即编码器输出 h_j（alpha[:, None] * h，或 alpha @ h）。",
    "return a NumPy array (np.ndarray), the vector c.": "请返回一个 NumPy 数组（np.ndarray），即向量 c。",
    # exercise 3: masked softmax
    "{label} gives {got}: the real positions should get the softmax of their own scores only.": "{label} 得到 "
    "{got}：真实位置的权重应只由它们自己的得分做 softmax 得到。",
    "{name} is right for all {count} score/mask pairs tried.": "{name} 在试过的全部 {count} 组得分与掩码上都正确。",
    "{label} gives an array of another shape: keep one weight per score, padded positions included.": "{label} "
    "返回的数组形状不对：每个得分都要对应一个权重，填充位置也不例外。",
    "{label} gives {got}, which is not all finite numbers: exp() overflows for scores this large "
    "(exercise 1 shows how to avoid it).": "{label} 得到 {got}，其中有非有限的数：得分这么大时 exp() 会上溢"
    "（练习 1 讲了如何避免）。",
    "{label} gives {got}: a padded position got the score 0, and exp(0) = 1 is not 0. "
    "A padded position needs the score -inf (or leave it out of the softmax).": "{label} 得到 {got}："
    "填充位置的得分成了 0，而 exp(0) = 1 并不是 0。填充位置的得分应为 -inf（或者干脆不参与 softmax）。",
    "{label} gives {got}: a padded position (mask False) has a weight that is not exactly 0.": "{label} 得到 "
    "{got}：有填充位置（mask 为 False）的权重不恰好是 0。",
    "{label} gives {got}: the padded weights were set to 0 after the softmax over all positions, so the "
    "rest no longer sums to 1. The real positions must share all of the weight.": "{label} 得到 {got}："
    "先对所有位置做了 softmax，再把填充位置的权重置 0，于是剩下的权重之和不再是 1。全部权重应由真实位置分享。",
    "{label} gives {got}: the weights do not sum to 1.": "{label} 得到 {got}：权重之和不是 1。",
    # exercise 4: the general score
    "{label} gives {got}: map each h_j with W and b first, then take its dot product with s.": "{label} 得到 "
    "{got}：先用 W 和 b 变换每个 h_j，再与 s 做点积。",
    "{name} gives the article's scores for all {count} sets of encoder outputs tried.": "{name} 在试过的全部 "
    "{count} 组编码器输出上都给出了原文的得分。",
    "{label} gives an array of the wrong shape: one score per source position, shape [T].": "{label} "
    "返回的数组形状不对：每个源位置一个得分，形状是 [T]。",
    "{label} gives {got}: that is the dot score s . h_j. The general score maps each h_j with W and b first.": "{label} "
    "得到 {got}：这是点积得分 s · h_j。general 得分要先用 W 和 b 变换每个 h_j。",
    "{label} gives {got}: W is applied the wrong way round. W maps h_j as a column vector, W h_j; with "
    "one h_j per row of h, that is h @ W.T.": "{label} 得到 {got}：W 乘反了。W 把 h_j 当作列向量来变换，即 "
    "W h_j；h 的每一行是一个 h_j，所以应写成 h @ W.T。",
    "{label} gives {got}: every score is off by the same amount. Look at the bias b: it is added to "
    "W h_j before the product with s.": "{label} 得到 {got}：每个得分都差了同一个量。检查偏置 b："
    "它要先加到 W h_j 上，再与 s 相乘。",
    "return a NumPy array (np.ndarray), one score per row of h.": "请返回一个 NumPy 数组（np.ndarray），"
    "h 的每一行对应一个得分。",
    # figures
    "source position j": "源位置 j",
    "weight": "权重",
    "Softmax of the scores times k": "得分乘以 k 之后的 softmax",
}
