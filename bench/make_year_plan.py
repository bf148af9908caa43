#!/usr/bin/env python3
"""A 52-week plan file (TOML) for load tests: the built-in example's weekly
pattern (rest, easy/intervals, easy/hills, tempo, cross/rest, easy, long)
for 52 weeks from the Monday after START (default: today), cutback weeks
every fourth week, B races at weeks 13, 26 and 39 and the A marathon on the
last Sunday, two bookings, the example's athlete.

Usage: bench/make_year_plan.py [START YYYY-MM-DD] > year.toml
"""
import datetime
import sys

start = (datetime.date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1
         else datetime.date.today())
monday = start + datetime.timedelta(days=7 - start.weekday())
WEEKS = 52


def day(week, weekday):
    return monday + datetime.timedelta(days=7 * (week - 1) + weekday)


lines = ["# A 52-week season for load tests (bench/make_year_plan.py).",
         'units = "km"', "", "races = ["]
for week, name, distance in [(13, "Winter 10K", "10k"), (26, "Spring Half", "half"),
                             (39, "Summer Half", "half")]:
    lines.append(f'  {{ date = {day(week, 6)}, name = "{name}", distance = "{distance}", priority = "B" }},')
lines.append(f'  {{ date = {day(WEEKS, 6)}, name = "Year Marathon", distance = "marathon", priority = "A" }},')
lines += ["]", "", "bookings = [",
          f'  {{ date = {day(20, 4)}, type = "deep" }},',
          f'  {{ date = {day(WEEKS, 4)}, type = "swedish" }},',
          "]", "", "workouts = ["]
for week in range(1, WEEKS + 1):
    cutback = week % 4 == 0
    taper = week > WEEKS - 3
    base = 35 if cutback or taper else 40 + min(week, 30) // 3
    long_run = 90 if cutback or taper else min(90 + 5 * week, 200)
    lines.append(f"  # Week {week}")
    lines.append(f'  {{ date = {day(week, 0)}, kind = "rest" }},')
    if week % 2 == 0:
        lines.append(f'  {{ date = {day(week, 1)}, kind = "intervals", minutes = {base + 10}, title = "6 x 800 m" }},')
        lines.append(f'  {{ date = {day(week, 2)}, kind = "easy", minutes = {base} }},')
    else:
        lines.append(f'  {{ date = {day(week, 1)}, kind = "easy", minutes = {base} }},')
        lines.append(f'  {{ date = {day(week, 2)}, kind = "hills", minutes = {base + 5} }},')
    lines.append(f'  {{ date = {day(week, 3)}, kind = "tempo", minutes = {base} }},')
    if cutback:
        lines.append(f'  {{ date = {day(week, 4)}, kind = "rest" }},')
    else:
        lines.append(f'  {{ date = {day(week, 4)}, kind = "cross", minutes = 40, title = "easy spin or swim" }},')
    lines.append(f'  {{ date = {day(week, 5)}, kind = "easy", minutes = {base} }},')
    if week in (13, 26, 39, WEEKS):
        lines.append(f'  {{ date = {day(week, 6)}, kind = "rest" }},')
    else:
        lines.append(f'  {{ date = {day(week, 6)}, kind = "long", minutes = {long_run} }},')
lines += ["]", "", """[athlete]
name = "Year Runner"
time_zone = "Europe/Berlin"
currency = "EUR"
monthly_budget = 100
regular_massage = false
tools = ["foam-roller", "ball"]
sex = "female"
resting_hr = 54
max_hr = 186

[athlete.prices]
deep = 70
art = 80
swedish = 55

[athlete.therapist]
weekdays = ["tue", "wed", "thu", "fri", "sat"]
"""]
print("\n".join(lines))
