#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Drives the real licence-desk window through the accessibility tree (AT-SPI),
as a screen reader or an automation tool would: finds the sections list by
its accessible name, selects sections, and reads what the window shows.

Run by meson under build-aux/with-display.sh (Xvfb and a session D-Bus).
Prints TAP."""
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile
import time

import pyatspi

ADMIN = os.environ["LD_ADMIN"]
APP = os.environ["LD_APP"]
results = []


def check(name, condition, detail=""):
    results.append(condition)
    print(("ok" if condition else "not ok"), len(results), name, ("# " + detail) if detail and not condition else "")
    sys.stdout.flush()


# Rows of the register lists are many and each AT-SPI call is a D-Bus round
# trip: the walk looks at a list itself but not inside it, except from the top.
PRUNED = {pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE, pyatspi.ROLE_LIST}


def walk(node, depth=0, prune=True):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.childCount
        if prune and depth > 0 and node.getRole() in PRUNED and node.name != "Sections":
            return
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, prune)


def find_app(name, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name:
                return app
        time.sleep(0.2)
    return None


def wait_for(predicate, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    return None


def find(root, role=None, name=None, contains=None, prune=True):
    for node in walk(root, prune=prune):
        try:
            if role is not None and node.getRole() != role:
                continue
            if name is not None and node.name != name:
                continue
            if contains is not None and contains not in (node.name or ""):
                continue
            return node
        except Exception:
            continue
    return None


def content_title(app):
    """The title in the content header: the second AdwWindowTitle (the first is the sidebar's)."""
    titles = [n for n in walk(app) if n.name == "AdwWindowTitle"]
    labels = [find(t, role=pyatspi.ROLE_LABEL) for t in titles]
    names = [l.name for l in labels if l is not None]
    return [n for n in names if n != "Licence Desk"]


def page_count(app, table_name):
    """The record count shown on the page whose table is named table_name."""
    for page in walk(app):
        if page.name != "LdRecordPage":
            continue
        if find(page, name=table_name, role=pyatspi.ROLE_TREE_TABLE) is None:
            continue
        for label in walk(page):
            if label.getRole() == pyatspi.ROLE_LABEL and re.fullmatch(r"[\d,. ]+ records?( found)?", label.name or ""):
                return label.name
        return None
    return None


def store_total(store, register):
    out = subprocess.run([ADMIN, "list", register, "--store", store, "--json", "--limit", "0"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["total"]


def main():
    workdir = tempfile.mkdtemp(prefix="ld-atspi-")
    store = os.path.join(workdir, "store.sqlite")
    subprocess.run([ADMIN, "demo", "--create", "--store", store, "--scale", "2500", "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    # Bring up the accessibility bus and registry before the application
    # starts, so that it finds them at once.
    pyatspi.Registry.getDesktop(0).childCount
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    # Nothing of the user's own data (an installed list, a store) leaks in.
    env["XDG_DATA_HOME"] = os.path.join(workdir, "data")
    log = open(os.path.join(workdir, "app.log"), "w+")
    proc = subprocess.Popen([APP, "--store", store, "--user", "demo.officer", "--section", "applications"], env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        app = find_app("licence-desk")
        check("application appears on the accessibility bus", app is not None)
        if app is None:
            log.seek(0)
            print("# application output:\n# " + "\n# ".join(log.read().splitlines()))
            return
        sections = wait_for(lambda: find(app, name="Sections"))
        check("sections list is labelled", sections is not None)
        if sections is None:
            return
        titles = [sections.getChildAtIndex(i).name for i in range(sections.childCount)]
        check("seven sections in order", titles == ["Brokers", "Applications", "End-use Certificates", "Licences",
                                                    "Screening", "Reports", "Central Database"], repr(titles))

        check("starts on the section asked for", wait_for(lambda: content_title(app) == ["Applications"]) is not None,
              repr(content_title(app)))
        expected = "%d records" % store_total(store, "applications")
        check("Applications page shows the store's count",
              wait_for(lambda: page_count(app, "Applications") == expected) is not None,
              "%s != %s" % (page_count(app, "Applications"), expected))

        selection = sections.querySelection()
        for index, title, register in [(0, "Brokers", "brokers"), (3, "Licences", "licences"),
                                       (4, "Screening", None), (6, "Central Database", None)]:
            selection.selectChild(index)
            shown = wait_for(lambda: content_title(app) == [title])
            check("selecting %s through AT-SPI shows it" % title, shown is not None, repr(content_title(app)))
            if register is None:
                continue
            expected = "%d records" % store_total(store, register)
            check(title + " page shows the store's count",
                  wait_for(lambda: page_count(app, title) == expected) is not None,
                  "%s != %s" % (page_count(app, title), expected))
        central = find(app, name="Central Database", role=pyatspi.ROLE_PANEL)
        check("central database page names the store file",
              central is not None and wait_for(lambda: find(central, role=pyatspi.ROLE_LABEL, name=store, prune=False)) is not None)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def start_app(args, workdir):
    env = dict(os.environ)
    env.pop("NO_AT_BRIDGE", None)
    env["GTK_A11Y"] = "atspi"
    env["XDG_DATA_HOME"] = os.path.join(workdir, "data")
    log = open(os.path.join(workdir, "app-%d.log" % len(results)), "w+")
    return subprocess.Popen([APP] + args, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop_app(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def first_run():
    """A store path with no store: the window asks before it makes one, and
    makes it only when told to, then asks for the first profile."""
    workdir = tempfile.mkdtemp(prefix="ld-atspi-first-")
    store = os.path.join(workdir, "new-store.sqlite")
    proc = start_app(["--store", store], workdir)
    try:
        app = find_app("licence-desk")
        check("first run: application appears", app is not None)
        if app is None:
            return
        create = wait_for(lambda: find(app, role=pyatspi.ROLE_PUSH_BUTTON, contains="Create Store", prune=False))
        check("first run: the window offers to create the store", create is not None)
        check("first run: nothing is created before the answer", not os.path.exists(store))
        if create is None:
            return
        create.queryAction().doAction(0)
        check("first run: Create Store makes the store", wait_for(lambda: os.path.exists(store)) is not None)
        asked = wait_for(lambda: find(app, name="New Profile", prune=False))
        check("first run: the new store asks for its first profile", asked is not None)
    finally:
        stop_app(proc)
        shutil.rmtree(workdir, ignore_errors=True)


main()
first_run()
print("1..%d" % len(results))
sys.exit(0 if results and all(results) else 1)
