"""Generate, regenerate and reroll: plans, running a job, importing its result atomically, locks,
the Generate panel and its operators."""
