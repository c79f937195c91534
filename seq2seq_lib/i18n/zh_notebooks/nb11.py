"""Chinese for notebook 11: dates as people write them (the explorer's input boxes, printed sentences, figures)."""

TEXTS: dict[str, str] = {
    # the explorer: the input box of a task the library does not know, and the human dates' (tasks.human_dates.INPUT)
    "Input": "输入",
    "Date (any form)": "日期（任一写法）",
}
