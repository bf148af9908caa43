#!/usr/bin/env python3
"""knead serve in a real headless Chromium.

Starts `knead serve` on a fresh database (a temporary SQLite file, and also a
fresh PostgreSQL schema when KNEAD_TEST_POSTGRES_URL is set to a postgres://
URL), walks a runner through the web pages with selenium, then a second
runner, a coach and a clinic (each in a session of its own) through sharing a
season and booking a massage, stops the server, and prints
`browser: N passed, M failed` last (exit status 1 when M > 0).

    python tests/browser/test_browser.py --knead target/debug/knead
    python tests/browser/test_browser.py --knead ... --screenshots docs/screenshots

Run it through scripts/browser.sh, which installs what it needs. With
--screenshots DIR it also saves the main pages at desktop (1280 wide) and
phone (390x844) widths into DIR.

Environment: CHROMIUM (default /usr/bin/chromium), CHROMEDRIVER (default
/usr/bin/chromedriver), KNEAD_TEST_POSTGRES_URL (unset, empty or `skip`:
SQLite only), KNEAD_BROWSER_KEEP=1 keeps the temporary folder (server logs,
failure screenshots) even when everything passed.
"""

import argparse
import base64
import datetime
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 20  # seconds any one thing may take in the browser
TEMPLATE = "higdon_int_mara1"
PASSWORD = "correct horse battery staple"
PUBLIC_URL = "https://knead.example.org"  # the screenshots' feed links
MAX_PNG = 400_000  # bytes per screenshot
DESKTOP = (1280, 900)
PHONE = (390, 844)

BAD_PLAN = """[athlete]
name = "Ada"
favourite_colour = "green"
"""

BAD_ACTIVITY = b"this is not a GPX file\n"


class Failure(Exception):
    """A check that did not hold."""


def check(condition, message):
    """An assertion that survives `python -O`."""
    if not condition:
        raise Failure(message)


def day_name(d):
    """A date as knead's pages and notices write it: `Tue 3 Mar`."""
    return f"{d:%a} {d.day} {d:%b}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the database and the server -------------------------------------------


class Backend:
    """A fresh database for one run: `url` for --database, `drop()` after."""

    def __init__(self, name, url, drop=None):
        self.name, self.url, self._drop = name, url, drop

    def drop(self):
        if self._drop:
            self._drop()


def sqlite_backend(workdir):
    return Backend("sqlite", os.path.join(workdir, "knead.db"))


def postgres_backend(url):
    """A new schema in the database `url` names, and the URL that uses it."""
    if not shutil.which("psql"):
        raise SystemExit("browser: KNEAD_TEST_POSTGRES_URL is set but psql is missing "
                         "(apt-get install postgresql-client)")
    schema = "knead_browser_" + secrets.token_hex(8)

    def psql(sql):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url,
                        "-c", f"SET client_min_messages = warning; {sql}"],
                       check=True, stdout=subprocess.DEVNULL)

    psql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    schema_url = f"{url}{sep}options=-csearch_path%3D{schema}"
    return Backend("postgres", schema_url, lambda: psql(f"DROP SCHEMA {schema} CASCADE"))


class Server:
    """`knead serve` on a free port of 127.0.0.1, its output in a log file."""

    def __init__(self, knead, database, log_path, host="127.0.0.1", extra=()):
        self.port = free_port()
        self.base = f"http://{host}:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "wb")
        self.proc = subprocess.Popen(
            [knead, "serve", "--database", database, "--listen", f"127.0.0.1:{self.port}",
             *extra],
            stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"browser: knead serve exited with {self.proc.returncode}:\n"
                                 + self.log())
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit("browser: knead serve did not answer /healthz in 60 s:\n"
                                 + self.log())
            time.sleep(0.2)  # polling the server's socket, not the browser

    def log(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


# --- the browser -------------------------------------------------------------


def chromium():
    options = Options()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                f"--window-size={DESKTOP[0]},{DESKTOP[1]}", "--lang=en-GB"):
        options.add_argument(arg)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


class Browser:
    """The driver and the few moves every test makes."""

    def __init__(self, driver, base):
        self.d, self.base = driver, base
        self.wait = WebDriverWait(driver, WAIT)
        # While a page gives way to the next, chromedriver may answer with an
        # error about the old one (execution context destroyed): try again.
        self.settle = WebDriverWait(driver, WAIT, ignored_exceptions=(WebDriverException,))

    def get(self, path):
        self.d.get(self.base + path)
        self.loaded()

    def loaded(self):
        self.settle.until(
            lambda d: d.execute_script("return document.readyState") == "complete",
            "the page did not finish loading")

    def submit(self, button):
        """Clicks a submit button and waits for the next page."""
        old = self.d.find_element(By.TAG_NAME, "html")
        button.click()
        self.settle.until(EC.staleness_of(old), "the click did not open a new page")
        self.loaded()

    def one(self, css, within=None):
        return (within or self.d).find_element(By.CSS_SELECTOR, css)

    def all(self, css, within=None):
        return (within or self.d).find_elements(By.CSS_SELECTOR, css)

    def button(self, text, within=None):
        return (within or self.d).find_element(
            By.XPATH, f".//button[normalize-space()={xpath_text(text)}]")

    def visible(self, css):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def set_value(self, element, value):
        """Sets an input's value as a person would (date inputs' typing depends
        on the locale, so through the DOM), with the input and change events."""
        self.d.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            element, value)

    def type(self, css, text):
        field = self.one(css)
        field.clear()
        field.send_keys(text)

    def text(self, css):
        return self.one(css).text

    def massages(self):
        """The season page's massages: (ISO date, kind, proposed or booked)."""
        return [tuple(m) for m in self.d.execute_script("""
            return [...document.querySelectorAll('div.day details.item.massage')].map(m => {
                const summary = m.querySelector('summary').textContent;
                const kind = (summary.match(/^Massage: (.+?) ·/) || [null, summary])[1];
                return [m.closest('div.day').id.slice(1), kind.trim(),
                        m.querySelector('.tag').textContent.trim()];
            });""")]


def xpath_text(text):
    if "'" not in text:
        return f"'{text}'"
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in text.split("'")) + ")"


# --- the scenarios -----------------------------------------------------------


class Context:
    """What one scenario leaves for the next."""

    def __init__(self, browser, server, workdir):
        self.b, self.server, self.workdir = browser, server, workdir
        self.email = f"ada-{secrets.token_hex(4)}@example.org"
        self.name = "Ada Test"
        self._season = None  # /seasons/ID
        self.shared = None  # a second runner's season: (Person, path, race day)
        self.clinic = None  # the clinic linked to it (Person)

    @property
    def season_path(self):
        check(self._season, "no season to work on: test_start_season_from_published_plan failed")
        return self._season

    @season_path.setter
    def season_path(self, path):
        self._season = path


def sign_up(b, name, email, role="runner"):
    b.get("/signup")
    b.type("#name", name)
    b.type("#email", email)
    Select(b.one("#role")).select_by_value(role)
    b.type("#password", PASSWORD)
    b.submit(b.button("Create account"))


def sign_in(b, email):
    b.get("/signin")
    b.type("#email", email)
    b.type("#password", PASSWORD)
    b.submit(b.button("Sign in"))


def start_season(b, name, race):
    b.get("/seasons")
    b.type("#name", name)
    check(b.one("input[name=source][value=template]").is_selected(),
          "a published plan is not the default start")
    select = Select(b.one("#template"))
    values = [o.get_attribute("value") for o in select.options]
    check(TEMPLATE in values, f"template {TEMPLATE} not offered: {values}")
    select.select_by_value(TEMPLATE)
    b.set_value(b.one("#race"), race.isoformat())
    b.submit(b.button("Start season"))


def test_sign_up(c):
    b = c.b
    sign_up(b, c.name, c.email)
    check(urllib.parse.urlparse(b.d.current_url).path == "/seasons",
          f"after signing up the browser is at {b.d.current_url}")
    check(b.text("h1") == "Your seasons", f"heading {b.text('h1')!r}")
    check(c.name in b.text("header.top nav"), "the top bar does not name the runner")
    check("No season yet" in b.text("main"), "a new account lists seasons")


def test_start_season_from_published_plan(c):
    b = c.b
    race = datetime.date.today() + datetime.timedelta(weeks=20)
    start_season(b, "Spring marathon", race)
    path = urllib.parse.urlparse(b.d.current_url).path
    check(re.fullmatch(r"/seasons/\d+", path), f"after starting, the browser is at {path}")
    c.season_path = path
    check(b.text("h1") == "Spring marathon", f"heading {b.text('h1')!r}")
    race_day = b.one(f"#d{race.isoformat()}")
    check("Race:" in race_day.text, f"the race day shows {race_day.text!r}")
    massages = b.massages()
    check(any(m[2] == "proposed" for m in massages), f"no proposed massage: {massages}")
    check(len(b.all("section.week")) >= 18, "fewer than 18 weeks on the season page")


def test_why_of_a_massage(c):
    b = c.b
    b.get(c.season_path)
    item = b.one("div.day details.item.massage")
    rules = b.all("ul.reasons .rule", item)
    check(rules, "a massage gives no reason")
    check(not any(r.is_displayed() for r in rules),
          "a massage's reasons show before they are asked for")
    b.one("summary", item).click()
    b.wait.until(lambda _: all(r.is_displayed() for r in rules))
    ids = [r.text for r in rules]
    check(all(re.fullmatch(r"[A-Z]+(-[A-Z0-9]+)+", i) for i in ids),
          f"the reasons' rules read {ids}")
    check(any(i.startswith("R-") for i in ids), f"no R- rule among {ids}")
    check(item.get_attribute("open") is not None, "the details did not open")
    # The day's own page says why, and why not something else.
    day = item.find_element(By.XPATH, "ancestor::div[contains(@class,'day')]")
    iso = day.get_attribute("id")[1:]
    b.submit(b.one("div.date a", day))
    check(urllib.parse.urlparse(b.d.current_url).path == f"{c.season_path}/days/{iso}",
          f"the day link went to {b.d.current_url}")
    headings = [h.text for h in b.all("h2")]
    check("What this day holds" in headings and "Why not something else" in headings,
          f"the day page's headings are {headings}")
    rules = [r.text for r in b.all("main .rule")]
    check(any(r.startswith("R-") for r in rules), f"the day page names no rule: {rules}")


def change_details(b, title):
    """The `change TITLE` details under a day, opened."""
    details = b.d.find_element(
        By.XPATH, f"//details[contains(@class,'change')][summary[normalize-space()="
                  f"{xpath_text('change ' + title)}]]")
    if details.get_attribute("open") is None:
        b.one("summary", details).click()
    return details


def notice(b):
    return b.visible("main p.notice[role=status]").text


def test_move_workout_moves_a_massage(c):
    b = c.b
    title = "Browser intervals"
    name = f"Intervals ({title})"  # as the notices write it
    b.get(c.season_path)
    proposed = [m for m in b.massages() if m[2] == "proposed"]
    check(proposed, "no proposed massage to crowd")
    # Add intervals (60 min) on the first day of the season.
    first_day = b.one("section.week div.day").get_attribute("id")[1:]
    b.set_value(b.one("#w-date"), first_day)
    Select(b.one("#w-kind")).select_by_value("intervals")
    b.type("#w-min", "60")
    b.type("#w-title", title)
    b.submit(b.button("Add workout"))
    added = notice(b)
    at = datetime.date.fromisoformat(first_day)
    # (An added workout is named by its kind alone, a moved one with its title.)
    check(added.startswith(f"Intervals added on {day_name(at)}"),
          f"after adding, the notice reads {added!r}")
    # Then move it to the day before, of or after each proposed massage in turn
    # until a massage moves (the rules keep deep work off the day before a
    # hard session), as crates/knead-app/src/changes.rs's test does.
    tried = []
    for _ in range(3):
        before = b.massages()
        candidates = []
        for iso, _kind, state in before:
            if state != "proposed":
                continue
            d = datetime.date.fromisoformat(iso)
            for day in (d - datetime.timedelta(days=1), d, d + datetime.timedelta(days=1)):
                if day != at and day not in candidates and day not in tried:
                    candidates.append(day)
        for day in candidates[:12]:
            tried.append(day)
            before = b.massages()
            details = change_details(b, title)
            b.set_value(b.one("input[type=date][name=date]", details), day.isoformat())
            b.submit(b.button("Move", details))
            said = notice(b)
            check(said.startswith(f"{name} moved from {day_name(at)} to {day_name(day)}"),
                  f"after moving, the notice reads {said!r}")
            at = day
            moves = [re.fullmatch(r"(.+) moved from (.+) to (.+)", part)
                     for part in said.partition(": ")[2].split("; ")]
            moves = [m for m in moves if m]
            if not moves:
                continue
            after = b.massages()
            for m in moves:
                kind, old, new = m.groups()
                gone = [x for x in before if x[1] == kind and day_name(
                    datetime.date.fromisoformat(x[0])) == old]
                came = [x for x in after if x[1] == kind and day_name(
                    datetime.date.fromisoformat(x[0])) == new]
                check(gone, f"{said!r}: no {kind} massage on {old} before: {before}")
                check(came, f"{said!r}: no {kind} massage on {new} after: {after}")
                check(gone[0] not in after, f"{said!r}: the {kind} massage is still on "
                                            f"{gone[0][0]}")
                check(came[0] not in before, f"{said!r}: a {kind} massage was already on "
                                             f"{came[0][0]}")
            print(f"       notice: {said}")
            return
    raise Failure(f"moving intervals to {len(tried)} days next to massages moved none")


def test_subscribe_to_the_feed(c):
    b = c.b
    b.get(c.season_path)
    b.submit(b.d.find_element(By.LINK_TEXT, "calendar feed and settings"))
    check(b.text("h1") == "Calendar feed and settings", f"heading {b.text('h1')!r}")
    full = b.d.find_element(
        By.XPATH, "//div[contains(@class,'card')][p/strong[normalize-space()='Full feed']]")
    check("No active link." in full.text, f"a new season has a feed link: {full.text!r}")
    b.submit(b.button("Make a link", full))
    url = b.visible("input#feed-https").get_attribute("value")
    check(re.fullmatch(re.escape(c.server.base) + r"/feeds/[A-Za-z0-9_-]+\.ics", url),
          f"the feed address is {url!r}")
    webcal = b.one("#feed-issued a.button").get_attribute("href")
    check(webcal == "webcal://" + url.split("://", 1)[1], f"the subscribe link is {webcal!r}")
    with urllib.request.urlopen(url, timeout=15) as r:
        kind = r.headers.get("Content-Type", "")
        body = r.read().decode("utf-8")
    check(kind.startswith("text/calendar"), f"the feed's Content-Type is {kind!r}")
    check(body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body,
          f"the feed is not a calendar with events: {body[:200]!r}")


def write(c, name, data):
    path = os.path.join(c.workdir, name)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path


def test_bad_plan_file_is_named(c):
    b = c.b
    b.get("/seasons")
    seasons = len(b.all("main > div.card"))
    b.type("#name", "From a file")
    b.one("input[name=source][value=plan]").click()
    b.one("input[type=file][name=plan]").send_keys(write(c, "bad-plan.toml", BAD_PLAN))
    b.submit(b.button("Start season"))
    error = b.visible("main p.error[role=alert]").text
    check("bad-plan.toml" in error, f"the error does not name the file: {error!r}")
    check(re.search(r"bad-plan\.toml:3\b|line 3\b", error),
          f"the error does not give line 3: {error!r}")
    check("favourite_colour" in error, f"the error does not name the field: {error!r}")
    print(f"       error: {error}")
    check(len(b.all("main > div.card")) == seasons, "a bad plan file made a season")


def test_bad_activity_file_is_named(c):
    b = c.b
    b.get(c.season_path)
    b.one("input#activities").send_keys(write(c, "broken-run.gpx", BAD_ACTIVITY))
    b.submit(b.button("Upload"))
    error = b.visible("main p.error[role=alert]").text
    check("broken-run.gpx" in error, f"the error does not name the file: {error!r}")
    print(f"       error: {error}")
    check(b.text("h1") == "Spring marathon", "the error is not on the season page")
    check(not b.all("div.chart img"), "a bad activity file made a history")


def phone(b, on):
    if on:
        b.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True})
    else:
        b.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_pages_fit_a_phone(c):
    b = c.b
    b.get(c.season_path)
    day = b.one("div.day details.item.massage").find_element(
        By.XPATH, "ancestor::div[contains(@class,'day')]").get_attribute("id")[1:]
    phone(b, True)
    try:
        for path in ("/seasons", c.season_path, f"{c.season_path}/days/{day}",
                     f"{c.season_path}/settings", "/account"):
            b.get(path)
            wide = b.d.execute_script("""
                const w = document.documentElement.clientWidth, out = [];
                for (const e of document.querySelectorAll('body *')) {
                    const r = e.getBoundingClientRect();
                    if (r.width && r.right > w + 1) out.push(e.outerHTML.slice(0, 80));
                }
                return [w, document.documentElement.scrollWidth, out.slice(0, 3)];""")
            check(wide[0] == PHONE[0] and wide[1] <= wide[0],
                  f"{path} is {wide[1]} px wide on a {PHONE[0]} px phone: {wide[2]}")
            if path == c.season_path:
                # A day's massages and aftercare take the row's whole width.
                narrow = b.d.execute_script("""
                    return [...document.querySelectorAll('div.day > .items')]
                        .filter(i => i.children.length && i.getBoundingClientRect().width
                                     < 0.8 * i.parentElement.getBoundingClientRect().width)
                        .map(i => i.parentElement.id);""")
                check(not narrow, f"squeezed recovery items on a phone on {narrow[:3]}")
    finally:
        phone(b, False)


def test_sign_out(c):
    b = c.b
    b.get("/seasons")
    b.submit(b.button("Sign out", b.one("header.top")))
    nav = b.text("header.top nav")
    check("Sign in" in nav and c.name not in nav, f"after signing out the top bar reads {nav!r}")
    b.get(c.season_path)
    check(urllib.parse.urlparse(b.d.current_url).path == "/signin",
          f"a season page after signing out went to {b.d.current_url}")


# --- coaches and clinics -----------------------------------------------------
#
# A second runner shares a season with a coach and books with a clinic. Each
# of the three acts in a session of its own: the cookies are deleted before
# the browser changes hands.

HOME = {"runner": "/seasons", "coach": "/coach", "clinic": "/clinic"}
CLINIC_NAME = "Riverside Sports Massage"


class Person:
    """An account of one role; signed up the first time the browser acts as it."""

    def __init__(self, name, role):
        self.name, self.role = name, role
        self.email = f"{role}-{secrets.token_hex(4)}@example.org"
        self.signed_up = False


def act_as(c, who):
    """The browser in a fresh session of `who` (signed up or in), at its home page."""
    b = c.b
    b.get("/healthz")  # cookies are deleted for the page's site: be on it
    b.d.delete_all_cookies()
    if who.signed_up:
        sign_in(b, who.email)
    else:
        sign_up(b, who.name, who.email, who.role)
        who.signed_up = True
    path = urllib.parse.urlparse(b.d.current_url).path
    check(path == HOME[who.role],
          f"the {who.role} {who.name} landed at {b.d.current_url}, not {HOME[who.role]}")
    check(who.name in b.text("header.top nav"), f"the top bar does not name {who.name}")


def shared_season(c):
    """The second runner, signed in, with a season: (Person, season path, race day).
    Made the first time it is asked for."""
    if c.shared is None:
        runner = Person("Cora Runner", "runner")
        act_as(c, runner)
        race = datetime.date.today() + datetime.timedelta(weeks=18)
        start_season(c.b, "Autumn marathon", race)
        path = urllib.parse.urlparse(c.b.d.current_url).path
        check(re.fullmatch(r"/seasons/\d+", path), f"after starting, the browser is at {path}")
        c.shared = (runner, path, race)
    else:
        act_as(c, c.shared[0])
    return c.shared


def open_sharing(c, season):
    """The season's "coach and clinic" page, through the season page's link."""
    b = c.b
    b.get(season)
    b.submit(b.d.find_element(By.LINK_TEXT, "coach and clinic"))
    check(urllib.parse.urlparse(b.d.current_url).path == f"{season}/sharing",
          f"the coach and clinic link went to {b.d.current_url}")
    check(b.text("h1") == "Coach and clinic", f"heading {b.text('h1')!r}")


def linked_clinic(c):
    """A clinic with a profile open every day, linked to the shared season,
    with a request for every proposed massage. Made the first time it is asked
    for; returns the clinic, signed in."""
    if c.clinic is not None:
        act_as(c, c.clinic)
        return c.clinic
    b = c.b
    clinic = Person("Bea Clinic", "clinic")
    act_as(c, clinic)
    b.submit(b.d.find_element(By.LINK_TEXT, "Therapists, prices and opening days"))
    check(b.text("h1") == "Your clinic", f"the profile page's heading is {b.text('h1')!r}")
    b.type("#c-name", CLINIC_NAME)
    b.type("#c-ther", "Bea: deep, art, swedish")
    b.type("#c-deep", "70")
    b.type("#c-art", "80")
    b.type("#c-sw", "55")
    b.type("#c-days", "mon tue wed thu fri sat sun")
    b.submit(b.button("Save"))
    said = notice(b)
    check(said.startswith("Saved."), f"after saving the profile, the notice reads {said!r}")
    check(b.one("#c-days").get_attribute("value") == "mon tue wed thu fri sat sun",
          f"the saved weekdays read {b.one('#c-days').get_attribute('value')!r}")
    # The runner links the clinic by its email and sends every proposed massage.
    runner, season, _ = shared_season(c)
    open_sharing(c, season)
    b.type("#clinic-email", clinic.email)
    b.submit(b.button("Link clinic"))
    said = notice(b)
    check(said == f"Linked to {clinic.name}.", f"after linking, the notice reads {said!r}")
    check(f"Booking with {CLINIC_NAME}" in b.text("main"),
          "the sharing page does not name the linked clinic's profile")
    b.submit(b.button("Request every proposed massage"))
    said = notice(b)
    sent = re.fullmatch(r"(\d+) request\(s\) sent\.", said)
    check(sent and int(sent.group(1)) > 0, f"after requesting, the notice reads {said!r}")
    rows = [r.text for r in b.all("main table tr")][1:]
    check(len(rows) == int(sent.group(1)), f"{said!r} but the requests table has {rows}")
    check(all("requested" in r for r in rows), f"the requests read {rows}")
    c.clinic = clinic
    act_as(c, clinic)
    return clinic


def open_requests(b):
    """The board's cards of requests still open to an answer:
    [(request id, requested ISO day, kind)]."""
    b.get("/clinic")
    out = []
    for form in b.all("div.card form[action$='/check']"):
        card = form.find_element(By.XPATH, "ancestor::div[contains(@class,'card')][1]")
        rid = re.search(r"/clinic/requests/(\d+)/check$", form.get_attribute("action")).group(1)
        heading = card.find_element(By.XPATH, "preceding-sibling::h2[1]").text
        day = datetime.datetime.strptime(heading, "%A %d %B %Y").date()
        kind = card.find_element(By.CSS_SELECTOR, "p").text.split(" · ")[1]
        out.append((rid, day, kind))
    return out


def check_day(b, rid, day):
    """Asks the board whether `day` suits request `rid`: the check page's verdict."""
    b.get("/clinic")
    form = b.one(f"div.card form[action$='/clinic/requests/{rid}/check']")
    b.set_value(b.one("input[type=date][name=date]", form), day.isoformat())
    b.submit(b.button("Check this day", form))
    path = urllib.parse.urlparse(b.d.current_url)
    check(path.path == f"/clinic/requests/{rid}/check" and
          urllib.parse.parse_qs(path.query).get("date") == [day.isoformat()],
          f"Check this day went to {b.d.current_url}")
    check(f" on {day:%A} {day.day} {day:%B} instead of " in b.text("h1"),
          f"the check page's heading is {b.text('h1')!r}")
    return b.text("main")


def test_coach_accepts_invitation_and_sees_roster(c):
    b = c.b
    runner, season, _ = shared_season(c)
    open_sharing(c, season)
    Select(b.one("#perm")).select_by_value("edit")
    b.submit(b.button("Make an invitation link"))
    said = notice(b)
    check(said == "Invitation made.", f"after inviting, the notice reads {said!r}")
    url = b.visible("input#invite-url").get_attribute("value")
    check(re.fullmatch(re.escape(c.server.base) + r"/invite/[A-Za-z0-9_-]+", url),
          f"the invitation address is {url!r}")
    check("Open invitation (edit)" in b.text("main"), "the page does not list the open invitation")
    coach = Person("Dan Coach", "coach")
    act_as(c, coach)
    check("No runner has shared a season with you yet" in b.text("main"),
          "a new coach's roster is not empty")
    b.d.get(url)
    b.loaded()
    invitation = b.text("main")
    check(f"{runner.name} invites you to see and edit the training of their season "
          "Autumn marathon." in invitation, f"the invitation reads {invitation!r}")
    b.submit(b.button("Accept"))
    check(urllib.parse.urlparse(b.d.current_url).path == season,
          f"after accepting, the coach is at {b.d.current_url}, not {season}")
    check(b.text("h1") == "Autumn marathon", f"the coach sees the heading {b.text('h1')!r}")
    b.get("/coach")
    table = b.one("table.roster")
    link = b.one(f"a[href='{season}']", table)
    check(link.text == runner.name, f"the roster links the season as {link.text!r}")
    row = link.find_element(By.XPATH, "ancestor::tr[1]")
    check("Autumn marathon · edit" in row.text, f"the roster row reads {row.text!r}")
    # The invitation works once.
    b.d.get(url)
    b.loaded()
    check("Accept" not in [x.text for x in b.all("main button")],
          "an accepted invitation still offers Accept")


def test_clinic_proposes_a_day_that_breaks_a_rule(c):
    b = c.b
    linked_clinic(c)  # (which makes the shared season first)
    runner, _, race = c.shared
    check(b.text("h1") == f"{CLINIC_NAME}: booking requests", f"the board's heading is {b.text('h1')!r}")
    cards = b.all("div.card")
    check(cards and all(runner.name in x.text for x in cards),
          f"the board's cards do not all name {runner.name}: {[x.text for x in cards]}")
    requests = open_requests(b)
    check(requests, "the board offers no request to answer")
    check(all(day > datetime.date.today() - datetime.timedelta(days=1) for _, day, _ in requests),
          f"past requests on the board: {requests}")
    day = race - datetime.timedelta(days=1)
    # Deep work the day before the race first; then the other types.
    requests.sort(key=lambda r: r[2] != "deep")
    tried = []
    for rid, requested, kind in requests[:4]:
        said = check_day(b, rid, day)
        tried.append((kind, requested.isoformat(), said.splitlines()[2:4]))
        if "breaks the runner's rules" not in said:
            continue
        rules = [li.text for li in b.all("main ul li")]
        check(any(r.startswith("R-") for r in rules),
              f"{kind} on {day} breaks rules, but none is an R- rule: {rules}")
        button = b.one("main form[method=post] button[type=submit]")
        check(button.text == "Propose anyway", f"the proposal button reads {button.text!r}")
        print(f"       {kind} on {day}: {'; '.join(rules)}")
        return
    raise Failure(f"no request on the day before the race ({day}) breaks a rule: {tried}")


def ics_events(body):
    """The VEVENTs of an iCalendar text, lines unfolded: [{property: value}]
    (the property with its parameters, as `DTSTART;VALUE=DATE`)."""
    body = re.sub(r"\r?\n[ \t]", "", body)
    events = []
    for block in body.split("BEGIN:VEVENT")[1:]:
        block = block.split("END:VEVENT")[0]
        events.append(dict(line.split(":", 1) for line in block.splitlines() if ":" in line))
    return events


def fetch(url):
    with urllib.request.urlopen(url, timeout=15) as r:
        return r.read().decode("utf-8")


def test_runner_accepts_a_proposal_and_the_feed_changes(c):
    b = c.b
    runner, season, race = shared_season(c)
    b.get(f"{season}/settings")
    full = b.d.find_element(
        By.XPATH, "//div[contains(@class,'card')][p/strong[normalize-space()='Full feed']]")
    b.submit(b.button("Make a link", full))
    url = b.visible("input#feed-https").get_attribute("value")
    before = fetch(url)
    check(before.startswith("BEGIN:VCALENDAR"), f"the feed is not a calendar: {before[:200]!r}")
    # The clinic proposes a day the runner's rules allow: a few days after the
    # requested one, checked first.
    linked_clinic(c)
    requests = open_requests(b)
    check(requests, "the board offers no request to answer")
    rid, requested, kind = requests[0]
    tried = []
    for ahead in range(1, 8):
        day = requested + datetime.timedelta(days=ahead)
        if day >= race:
            break
        said = check_day(b, rid, day)
        if "breaks the runner's rules" in said:
            tried.append(day.isoformat())
            continue
        allowed = re.search(r"^Allowed.*$", said, re.M)
        check(allowed, f"the check of {day} reads {said!r}")
        print(f"       {kind} on {day} instead of {requested}: {allowed.group(0)}")
        break
    else:
        day = None
    check(day and day < race and "breaks the runner's rules" not in b.text("main"),
          f"every day after {requested} breaks the runner's rules for {kind}: {tried}")
    b.submit(b.button("Send this proposal"))
    check(urllib.parse.urlparse(b.d.current_url).path == "/clinic",
          f"after proposing, the clinic is at {b.d.current_url}")
    check(f"you proposed {day.isoformat()} instead of {requested.isoformat()}" in b.text("main"),
          "the board does not show the proposal")
    check(rid not in [r[0] for r in open_requests(b)], "the proposed request still awaits an answer")
    # The runner accepts it.
    act_as(c, runner)
    open_sharing(c, season)
    row = b.d.find_element(
        By.XPATH, f"//main//tr[td[contains(., 'the clinic proposes {day.isoformat()}')]]")
    check(row.find_element(By.XPATH, "td[1]").text == requested.isoformat(),
          f"the proposal's row reads {row.text!r}")
    b.submit(b.button("Accept", row))
    said = notice(b)
    check(said == f"Booked on {day.isoformat()}.", f"after accepting, the notice reads {said!r}")
    b.get(season)
    massages = b.massages()
    check(any(m[0] == day.isoformat() and m[2] == "booked" for m in massages),
          f"no booked massage on {day} on the season page: {massages}")
    # The feed now has the booking.
    after = fetch(url)
    check(after != before, "the feed did not change after the booking")
    stamp = f"{day:%Y%m%d}"
    on_day = [e for e in ics_events(after) if e.get("DTSTART;VALUE=DATE") == stamp]
    labels = {"deep": "deep tissue", "art": "active release", "swedish": "swedish"}
    booked = [e for e in on_day
              if re.search(f"booked|{re.escape(labels.get(kind, kind))}|\\b{kind}\\b",
                           e.get("SUMMARY", ""), re.I)]
    check(booked, f"no booked {kind} massage on {stamp} in the feed: "
                  f"{[e.get('SUMMARY') for e in on_day]}")
    print(f"       feed: {booked[0].get('SUMMARY')} on {day}")


TESTS = [
    test_sign_up,
    test_start_season_from_published_plan,
    test_why_of_a_massage,
    test_move_workout_moves_a_massage,
    test_subscribe_to_the_feed,
    test_bad_plan_file_is_named,
    test_bad_activity_file_is_named,
    test_pages_fit_a_phone,
    test_sign_out,
    test_coach_accepts_invitation_and_sees_roster,
    test_clinic_proposes_a_day_that_breaks_a_rule,
    test_runner_accepts_a_proposal_and_the_feed_changes,
]


# --- screenshots -------------------------------------------------------------


def capture(b, path, size, mobile):
    """The page at `size` (CSS pixels) as a PNG, as tall as the document (cut
    shorter until the file is under MAX_PNG bytes)."""
    width, height = size
    b.d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    # Two animation frames: the page is laid out at the new size.
    b.d.execute_async_script(
        "const done = arguments[0];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done()));")
    overflow = b.d.execute_script("""
        const w = document.documentElement.clientWidth;
        const out = [];
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.width && r.right > w + 1) out.push(e.tagName.toLowerCase() +
                (e.id ? '#' + e.id : '') + (e.className && typeof e.className == 'string'
                ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(r.right));
        }
        return [document.documentElement.scrollWidth, out.slice(0, 8)];""")
    metrics = b.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
    full = int(metrics["cssContentSize"]["height"])
    limit = max(full, height)
    while True:
        shot = b.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": limit, "scale": 1}})
        png = base64.b64decode(shot["data"])
        if len(png) <= MAX_PNG or limit <= height:
            break
        limit = max(height, int(limit * 0.8))
    with open(path, "wb") as f:
        f.write(png)
    b.d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    cut = "" if limit >= full else f", cut at {limit} of {full} px"
    print(f"  {os.path.basename(path)}: {width}x{limit}, {len(png) // 1000} KB{cut}")
    if overflow[0] > width:
        print(f"    overflow: the page is {overflow[0]} px wide; wider elements: {overflow[1]}")
    return png


def screenshots(knead, workdir, out):
    """Starts a server of its own (its feed links on https://knead.example.org,
    as a deployed one's), signs up a runner with a season and a feed link, and
    saves the main pages at both widths."""
    os.makedirs(out, exist_ok=True)
    server = Server(knead, os.path.join(workdir, "screenshots.db"),
                    os.path.join(workdir, "server-screenshots.log"), host="localhost",
                    extra=("--public-url", PUBLIC_URL))
    driver = chromium()
    try:
        take_screenshots(Browser(driver, server.base), out)
    finally:
        driver.quit()
        server.stop()


def take_screenshots(b, out):
    sign_up(b, "Ada Lovelace", "ada@example.org")
    race = datetime.date.today() + datetime.timedelta(weeks=20)
    start_season(b, "Spring marathon", race)
    season = urllib.parse.urlparse(b.d.current_url).path

    def both(name):
        capture(b, os.path.join(out, f"{name}-desktop.png"), DESKTOP, False)
        capture(b, os.path.join(out, f"{name}-phone.png"), PHONE, True)

    b.get("/seasons")
    both("seasons")
    b.get(season)
    item = b.one("div.day details.item.massage")
    b.one("summary", item).click()
    b.wait.until(EC.visibility_of(b.one("ul.reasons", item)))
    both("season")
    day = item.find_element(By.XPATH, "ancestor::div[contains(@class,'day')]")
    b.submit(b.one("div.date a", day))
    both("day")
    b.get(f"{season}/settings")
    full = b.d.find_element(
        By.XPATH, "//div[contains(@class,'card')][p/strong[normalize-space()='Full feed']]")
    b.submit(b.button("Make a link", full))
    b.visible("input#feed-https")
    both("settings")
    b.get("/account")
    both("account")


# --- running -----------------------------------------------------------------


def run(knead, backend, workdir, shots):
    """Runs every scenario on one backend: (passed, failed)."""
    print(f"browser: {backend.name}")
    server = Server(knead, backend.url, os.path.join(workdir, f"server-{backend.name}.log"))
    driver = None
    passed = failed = 0
    try:
        driver = chromium()
        b = Browser(driver, server.base)
        c = Context(b, server, workdir)
        for test in TESTS:
            start = time.monotonic()
            try:
                test(c)
            except Exception as error:  # every failure is reported, then the next test runs
                failed += 1
                stem = os.path.join(workdir, f"{backend.name}-{test.__name__}")
                try:
                    driver.save_screenshot(stem + ".png")
                    with open(stem + ".html", "w") as f:
                        f.write(driver.page_source)
                except Exception:
                    pass
                detail = (str(error) if isinstance(error, Failure)
                          else "".join(traceback.format_exception(error)).rstrip())
                # chromedriver's own stack (addresses without names) says nothing.
                detail = "\n".join(line for line in detail.splitlines()
                                    if not re.match(r"#\d+ 0x[0-9a-f]+ <unknown>$", line))
                try:
                    said = [e.text for e in driver.find_elements(
                        By.CSS_SELECTOR, "main .error, main .alert") if e.text]
                    detail += f"\n    at {driver.current_url}"
                    if said:
                        detail += ", which says: " + " | ".join(said)
                except Exception:
                    pass
                print(f"  FAIL {test.__name__}: {detail}\n    page: {stem}.png/.html")
            else:
                passed += 1
                print(f"  ok   {test.__name__} ({time.monotonic() - start:.1f} s)")
    finally:
        if driver:
            driver.quit()
        server.stop()
        if failed:
            print(f"  server log ({server.log_path}):\n" + server.log())
    if shots:
        print(f"browser: screenshots into {shots}")
        try:
            screenshots(knead, workdir, shots)
        except Exception:
            failed += 1
            print("  FAIL screenshots: " + traceback.format_exc().rstrip())
    return passed, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--knead", required=True, help="the knead binary")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="also save screenshots of the main pages into DIR")
    args = parser.parse_args()
    knead = os.path.abspath(args.knead)
    shots = os.path.abspath(args.screenshots) if args.screenshots else None
    workdir = tempfile.mkdtemp(prefix="knead-browser-")
    backends = [sqlite_backend(workdir)]
    pg = os.environ.get("KNEAD_TEST_POSTGRES_URL", "")
    if pg and pg != "skip":
        backends.append(postgres_backend(pg))
    passed = failed = 0
    try:
        for i, backend in enumerate(backends):
            try:
                p, f = run(knead, backend, workdir, shots if i == 0 else None)
            finally:
                backend.drop()
            passed, failed = passed + p, failed + f
    except BaseException:
        traceback.print_exc()
        failed += 1
    finally:
        if failed or os.environ.get("KNEAD_BROWSER_KEEP"):
            print(f"browser: logs and failure pages kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
