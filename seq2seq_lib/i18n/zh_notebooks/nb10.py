"""Chinese for notebook 10: the Transformer (exercise checks, then figures)."""

TEXTS: dict[str, str] = {
    # case labels
    "case {number} (q of shape {q}, k of shape {k}, v of shape {v})": "用例 {number}（q 的形状 {q}，k 的形状 {k}，"
    "v 的形状 {v}）",
    "causal_mask({n})": "causal_mask({n})",
    "split_heads(x of shape {x}, heads={heads})": "split_heads(形状为 {x} 的 x, heads={heads})",
    # exercise 1: attention
    "return a torch.Tensor: one output row per query.": "请返回一个 torch.Tensor：每个查询对应一行输出。",
    "{label}: the result has one column per key: these look like the weights. "
    "Multiply the weights by v to mix the values.": "{label}：结果每个键占一列，看起来是注意力权重本身。"
    "还要用权重乘以 v，把各个值加权混合起来。",
    "{label}: the result has the wrong shape. It needs one row per query (the rows of q) and "
    "one column per feature of v.": "{label}：结果的形状不对。每个查询（q 的每一行）对应一行，v 的每个特征对应一列。",
    "{label}: the scores are not scaled. Divide q k^T by the square root of d_k, the number of "
    "features of a query, before the softmax.": "{label}：得分没有缩放。在 softmax 之前，要把 q k^T 除以 d_k"
    "（一个查询的特征数）的平方根。",
    "{label}: the scores are divided by d_k itself. The scale is its square root.": "{label}：得分除以的是 d_k "
    "本身，而缩放因子应是它的平方根。",
    "{label}: the softmax runs over the queries. Each query's weights over the keys must sum to 1: "
    "softmax over the last axis.": "{label}：softmax 是沿查询的方向做的。每个查询在所有键上的权重之和应为 1："
    "在最后一维上做 softmax。",
    "{label}: the scores mix v without a softmax. Turn each row of scores into weights that are "
    "positive and sum to 1 first.": "{label}：没有经过 softmax 就直接用得分去混合 v。先把每一行得分变成为正、"
    "且和为 1 的权重。",
    "{label}: every query gets the plain sum of the values. Weight each value by its softmax weight.": "{label}："
    "每个查询得到的都是所有值的简单求和。要用 softmax 权重给每个值加权。",
    "{label}: the output differs from softmax(q k^T / sqrt(d_k)) v. Compute the scores, scale, "
    "softmax over the keys, then mix the rows of v.": "{label}：输出与 softmax(q k^T / sqrt(d_k)) v 不同。"
    "依次计算得分、缩放、在键上做 softmax，再混合 v 的各行。",
    "{name} matches softmax(q k^T / sqrt(d_k)) v in all {count} cases, queries and keys of different "
    "numbers and sizes.": "{name} 在全部 {count} 个用例上都与 softmax(q k^T / sqrt(d_k)) v 一致，"
    "其中查询和键的个数与维度各不相同。",
    # exercise 2: causal_mask
    "return a torch.Tensor of dtype torch.bool.": "请返回一个 dtype 为 torch.bool 的 torch.Tensor。",
    "{label}: the mask has the wrong shape. It has one row per query and one column per key, n of each.": "{label}："
    "掩码的形状不对。每个查询一行、每个键一列，各有 n 个。",
    "{label}: the pattern is right, but the tensor holds numbers. Make it dtype torch.bool, "
    "True where attention is allowed.": "{label}：图案是对的，但张量里存的是数字。请用 dtype torch.bool，"
    "允许注意的位置为 True。",
    "{label}: the mask is transposed. Row t is query t, column s is key s: query t may look at "
    "keys 0..t.": "{label}：掩码被转置了。第 t 行是查询 t，第 s 列是键 s：查询 t 可以看键 0..t。",
    "{label}: True and False are swapped. True means the query may look at that key.": "{label}：True 和 False "
    "弄反了。True 表示这个查询可以看那个键。",
    "{label}: the diagonal is False, so position t cannot see its own input (and the first query "
    "sees nothing at all). Each position may look at itself.": "{label}：对角线是 False，于是位置 t "
    "看不到它自己的输入（第一个查询更是什么都看不到）。每个位置都可以看它自己。",
    "{label}: every key is allowed, so each position could read the tokens after it.": "{label}："
    "所有键都被允许，这样每个位置都能读到它后面的词元。",
    "{label}: the mask is not right. Row t is query t; it may look at keys 0..t and no later one.": "{label}："
    "掩码不对。第 t 行是查询 t，它可以看键 0..t，不能看更后面的键。",
    "{name} is right for all {count} lengths tried.": "{name} 在试过的全部 {count} 种长度上都正确。",
    # exercise 3: split_heads
    "return a torch.Tensor of shape [B, heads, T, D / heads].": "请返回一个形状为 [B, heads, T, D / heads] 的 "
    "torch.Tensor。",
    "{label}: the heads are split off but the result is [B, T, heads, d_k]. Move the head axis in "
    "front of the positions (transpose(1, 2)), so that each head holds a whole sequence.": "{label}："
    "头已经拆开了，但结果是 [B, T, heads, d_k]。把头这一维移到位置之前（transpose(1, 2)），让每个头拿到一整个序列。",
    "{label}: the shape is right but the numbers of different positions are mixed up: a view straight "
    "to [B, heads, T, d_k] cuts the memory in the wrong places. Split each position's features into "
    "heads first, then move the head axis.": "{label}：形状对了，但不同位置的数混在了一起：直接 view 成 "
    "[B, heads, T, d_k] 会在错误的地方切开内存。先把每个位置的特征拆成若干个头，再移动头这一维。",
    "{label}: feature i went to head i % heads. Each head takes a contiguous block of d_k features: "
    "head 0 gets features 0..d_k-1.": "{label}：第 i 个特征被分给了第 i % heads 个头。每个头拿的是连续的 d_k "
    "个特征：第 0 个头拿特征 0..d_k-1。",
    "{label}: the result has the wrong shape. It is [B, heads, T, d_k], with d_k = D / heads.": "{label}："
    "结果的形状不对。应为 [B, heads, T, d_k]，其中 d_k = D / heads。",
    "{label}: the shape is right, the numbers are not. Head j must hold features j*d_k .. "
    "(j+1)*d_k - 1 of every position, in order.": "{label}：形状对了，数值不对。第 j 个头应按顺序持有每个位置的"
    "特征 j*d_k .. (j+1)*d_k - 1。",
    "{name} splits the features like the library's MultiHeadAttention in all {count} cases.": "{name} 在全部 "
    "{count} 个用例上都与库中 MultiHeadAttention 的拆分方式一致。",
    # figures
    "position p": "位置 p",
    "feature": "特征",
    "Positional encoding (D = 32)": "位置编码（D = 32）",
    "source character": "源字符",
    "output token": "输出词元",
    "Transformer cross-attention": "Transformer 的交叉注意力",
    "input length (digits)": "输入长度（位数）",
    "held-out exact match": "留出集精确匹配率",
    "Copying random digits: same budget": "复制随机数字串：相同的训练预算",
    "longer than any training string": "比所有训练串都长",
}
