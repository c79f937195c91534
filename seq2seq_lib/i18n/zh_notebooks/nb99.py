"""Chinese for the appendix on reproducibility (notebook 99): the sentences its cells print."""

TEXTS: dict[str, str] = {
    # 1. the same data on every machine
    "{zone:20} gives another day than UTC for {n} of the 4000 draws ({share:.0%})": "{zone:20} 在 4000 次抽样中"
    "有 {n} 次得到与 UTC 不同的日期（{share:.0%}）",
    "timestamp {stamp}": "时间戳 {stamp}",
    "source {source}": "源日期 {source}",
    "the article's conversion of timestamp {stamp}": "原文对时间戳 {stamp} 的转换",
    "article, PYTHONHASHSEED={seed}": "原文，PYTHONHASHSEED={seed}",
    "{changed} of the article's {n} ids differ between the two runs": "原文的 {n} 个索引中有 {changed} 个在两次运行之间不同",
    "my seed 0 promises": "种子 0 承诺的随机数",
    "after an article dataset": "建了原文的数据集之后",
    "after a DateDataset": "建了 DateDataset 之后",
    # 2. timing
    "0.3 s of waiting: {clock:.3f} s on the clock, {cpu:.3f} s of CPU time": "等待 0.3 秒：时钟走了 {clock:.3f} 秒，"
    "CPU 时间 {cpu:.3f} 秒",
    "CPU time of the first 8 steps (ms):": "前 8 步的 CPU 时间（毫秒）：",
    "first step: {first:.1f} ms; the other 7: fastest {fastest:.1f} ms, median {median:.1f} ms": "第一步：{first:.1f} "
    "毫秒；其余 7 步：最快 {fastest:.1f} 毫秒，中位数 {median:.1f} 毫秒",
    # 3. threads and CPU kernels
    "kernels: {a} in this process, {b} in the fresh one": "计算内核：本进程用 {a}，新进程用 {b}",
    "initial weights: {n} of {total} differ, by at most {largest:.1e}": "初始权重：{total} 个中有 {n} 个不同，"
    "最多相差 {largest:.1e}",
    "loss after one epoch: {a:.10f} and {b:.10f}": "训练一轮后的损失：{a:.10f} 和 {b:.10f}",
    "translations of the 2000 held-out dates: {n} differ": "2000 个留出日期的翻译：{n} 个不同",
    # 4. how the notebooks check what they say
    "held-out exact match after 2 epochs": "训练 2 轮后的留出集精确匹配率",
    "seed {seed}: {score:.3f}": "种子 {seed}：{score:.3f}",
    "from {low:.3f} to {high:.3f}: a spread of {spread:.3f}": "从 {low:.3f} 到 {high:.3f}：相差 {spread:.3f}",
}
