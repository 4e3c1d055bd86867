"""Demo data for trying sagak out: the simulator's staff sign-in and a week of reports.

It lives beside the simulator, not in storage: production never seeds it. With a real
bot, `retire.py` only disables what a trial run left behind.
"""
