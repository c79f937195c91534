"""Chinese for notebook 10: the Transformer (exercise checks, printed sentences, then figures)."""

TEXTS: dict[str, str] = {
    "{label}: {problem}": "{label}：{problem}",
    # the exercise: the paper's post-norm decoder layer (case labels, errors, verdicts)
    "case {number} (d_model={d_model}, heads={heads}, d_ff={d_ff}; y {y}, memory {memory})": "用例 {number}"
    "（d_model={d_model}，heads={heads}，d_ff={d_ff}；y 的形状 {y}，memory 的形状 {memory}）",
    "{steps} Adam steps on a layer (d_model={d_model}, heads={heads}, d_ff={d_ff})": "在一个层上做 {steps} 步 Adam"
    "（d_model={d_model}，heads={heads}，d_ff={d_ff}）",
    "its parameters are not named like DecoderLayer's, so the weights cannot be copied in "
    "(missing: {missing}; unexpected: {unexpected}). Keep the __init__ you were given.": "它的参数名与 "
    "DecoderLayer 的不一致，所以无法把权重复制进去（缺少：{missing}；多出：{unexpected}）。请保留给出的 __init__。",
    "{name}(d_model, heads, d_ff) gave a {kind}, not an nn.Module.": "{name}(d_model, heads, d_ff) 得到的是一个 "
    "{kind}，而不是 nn.Module。",
    "forward must return the layer's output: one tensor [B, T, D], shaped like y.": "forward 应返回这一层的输出："
    "一个形状与 y 相同的张量 [B, T, D]。",
    "{label}: the output has the wrong shape. A decoder layer keeps the shape of y: [B, T, D].": "{label}："
    "输出的形状不对。解码器层保持 y 的形状不变：[B, T, D]。",
    "{label}: some outputs are NaN. A query that may look at no key at all gets a softmax over "
    "nothing but -inf: is the mask upside down? True means 'may look', and position t may look at 0..t.": "{label}："
    "有些输出是 NaN。一个查询如果一个键也不能看，它的 softmax 就只剩下 -inf：掩码是不是弄反了？True 表示“可以看”，"
    "位置 t 可以看 0..t。",
    "{label}: this is the pre-norm layout of the notebook's DecoderLayer, y + sublayer(LayerNorm(y)). "
    "The paper normalises after the residual addition: y = LayerNorm(y + sublayer(y)).": "{label}：这是笔记本中 "
    "DecoderLayer 的前置归一化（pre-norm）写法，y + sublayer(LayerNorm(y))。论文是在残差相加之后再归一化："
    "y = LayerNorm(y + sublayer(y))。",
    "{label}: the self-attention reads every position, later ones included: with teacher forcing "
    "each position could copy the token it must predict. Give the self-attention the causal mask.": "{label}："
    "自注意力读到了所有位置，包括后面的位置：在教师强制下，每个位置都可以直接抄下它要预测的词元。请把因果掩码交给自注意力。",
    "{label}: the mask is transposed: position t reads itself and the positions after it. "
    "Row t of the mask is query t; it may look at keys 0..t.": "{label}：掩码被转置了：位置 t "
    "读的是它自己和它后面的位置。掩码的第 t 行是查询 t，它可以看键 0..t。",
    "{label}: the cross-attention reads the decoder's own positions. Its queries come from y, "
    "its keys and values from memory (the encoder's output).": "{label}：交叉注意力读的是解码器自己的位置。"
    "它的查询来自 y，键和值来自 memory（编码器的输出）。",
    "{label}: the self-attention takes its keys and values from memory. Self-attention reads y itself; "
    "memory is for the cross-attention.": "{label}：自注意力的键和值取自 memory。自注意力读的是 y 本身；"
    "memory 是给交叉注意力用的。",
    "{label}: the cross-attention got the causal mask too. Only the self-attention must not read ahead; "
    "every position may read the whole source.": "{label}：交叉注意力也用上了因果掩码。只有自注意力不能往后看；"
    "每个位置都可以读整个源序列。",
    "{label}: the cross-attention comes before the self-attention. The order is: causal self-attention, "
    "cross-attention, feed-forward.": "{label}：交叉注意力放在了自注意力之前。顺序应为：带因果掩码的自注意力、"
    "交叉注意力、前馈网络。",
    "{label}: the sub-layers' inputs are not added back. Each part is y = LayerNorm(y + sublayer(y)): "
    "the residual connection keeps y.": "{label}：子层的输入没有加回去。每一部分都是 y = LayerNorm(y + sublayer(y))："
    "残差连接保留了 y。",
    "{label}: no layer normalisation is applied. After each residual addition comes its LayerNorm "
    "(norm1, norm2, norm3 in turn).": "{label}：没有做层归一化。每次残差相加之后都要接它自己的 LayerNorm"
    "（依次是 norm1、norm2、norm3）。",
    "{label}: the LayerNorm is applied to the sub-layer's result before the addition, y + LayerNorm(...). "
    "The paper normalises the sum: LayerNorm(y + sublayer(y)).": "{label}：LayerNorm 作用在了子层的结果上、"
    "然后才相加，即 y + LayerNorm(...)。论文归一化的是相加之和：LayerNorm(y + sublayer(y))。",
    "{label}: the loss became NaN or infinite during the steps.": "{label}：训练过程中损失变成了 NaN 或无穷大。",
    "{label}: the loss did not move at all, so no gradient reaches the parameters. Is part of forward "
    "run under torch.no_grad(), or through .detach() or .data?": "{label}：损失纹丝不动，说明梯度到不了参数。"
    "forward 中是不是有一部分在 torch.no_grad() 下运行，或者用了 .detach() 或 .data？",
    "{label}: the loss fell by less than a tenth. The outputs were right, so look for what keeps "
    "parameters from learning: a .detach() or .data on part of the way.": "{label}：损失下降不到十分之一。"
    "输出是对的，所以要找的是阻止参数学习的地方：路径中某处的 .detach() 或 .data。",
    "{label}: the output differs from the paper's post-norm layer with the same weights: causal "
    "self-attention, cross-attention to memory, feed-forward, each as y = LayerNorm(y + sublayer(y)) "
    "with norm1, norm2, norm3 in turn.": "{label}：在相同权重下，输出与论文的后置归一化（post-norm）层不同："
    "带因果掩码的自注意力、对 memory 的交叉注意力、前馈网络，每一部分都是 y = LayerNorm(y + sublayer(y))，"
    "依次用 norm1、norm2、norm3。",
    "{name} passes all {count} cases: on the weights of the library's DecoderLayer it gives the paper's "
    "post-norm layer at three sizes, and a few Adam steps on it lower the loss.": "{name} 通过了全部 {count} "
    "个用例：载入库中 DecoderLayer 的权重后，它在三种尺寸上都给出论文的后置归一化层的结果，而且在它上面做几步 "
    "Adam 能让损失下降。",
    # printed by the notebook's cells
    "the same as the library's: {same}": "与库中的结果相同：{same}",
    "the same table as the library's: {same}": "与库中的位置编码表相同：{same}",
    "{count:,} parameters; the same logits as the library's model: {same}": "{count:,} 个参数；与库中模型的 "
    "logits 相同：{same}",
    "mean loss per epoch: {losses} ({seconds:.1f} s)": "每轮的平均损失：{losses}（{seconds:.1f} 秒）",
    "held-out exact match: {value:.4f}": "留出集精确匹配率：{value:.4f}",
    "the library's model on these weights: the same translations and exact match: {same}": "库中的模型载入这些"
    "权重后，翻译结果和精确匹配率都相同：{same}",
    "one Transformer training step costs {ratio:.1f} times the dearer LSTM model's": "Transformer 的一步训练，"
    "代价是两个 LSTM 模型中较贵者的 {ratio:.1f} 倍",
    "{name}: lowest exact match at 3-15 digits {low:.3f}; at 16 digits {at16:.3f}, at 17 {at17:.3f}, "
    "at 18-20 at most {beyond:.3f}; {parameters:,} parameters, trained in {seconds:.0f} s": "{name}：3-15 位上"
    "最低的精确匹配率 {low:.3f}；16 位 {at16:.3f}，17 位 {at17:.3f}，18-20 位最多 {beyond:.3f}；"
    "{parameters:,} 个参数，训练用时 {seconds:.0f} 秒",
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
