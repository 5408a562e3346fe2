/*
 * Policybook: who is reachable now, and the escalation matrix's filters.
 *
 * The engine writes each contact's hours as data (`data-pb-hours` on a `.pb-hours` element: `{"always": true}`
 * or `{"shifts": [{"days": [0..6, Monday first], "from": minutes, "to": minutes, "zone": "Europe/Brussels"}]}`;
 * `to` above 1440 ends the next day) and every text this script shows, in the page's language (`data-pb-texts`).
 * This script only works out, in the reader's browser and time zone, whether each contact is staffed now, when
 * that changes, and the hours on the reader's clock; and it runs the filters. Nothing is fetched. Without it the
 * page still lists every route, with each team's hours and after-hours fallback.
 */
(function () {
  "use strict";

  var DAY = 1440;
  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var clocks = {};

  /* The wall clock of `instant` in `zone`: date, weekday (0 = Monday) and minutes after midnight. */
  function wall(instant, zone) {
    var clock = clocks[zone];
    if (!clock) {
      clock = clocks[zone] = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", weekday: "short", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric"
      });
    }
    var parts = {};
    clock.formatToParts(instant).forEach(function (part) { parts[part.type] = part.value; });
    return {
      year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
      weekday: WEEKDAYS.indexOf(parts.weekday), minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute)
    };
  }

  /* Days since 1970 of a wall-clock date: to tell how many midnights lie between two. */
  function dayNumber(clock) {
    return Math.round(Date.UTC(clock.year, clock.month - 1, clock.day) / 86400000);
  }

  /* The instant at which the clocks of `zone` show `minutes` after midnight of a date (`minutes` may pass 1440). */
  function instantAt(date, minutes, zone) {
    var target = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
    var instant = target;
    for (var round = 0; round < 2; round += 1) {  // the zone's offset at the guess, then at the corrected guess
      var seen = wall(new Date(instant), zone);
      instant += target - Date.UTC(seen.year, seen.month - 1, seen.day, 0, seen.minutes);
    }
    return new Date(instant);
  }

  /* The date `days` after a wall-clock date, with its weekday. */
  function addDays(date, days) {
    var moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
    return {
      year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate(),
      weekday: (moved.getUTCDay() + 6) % 7
    };
  }

  function isOpen(hours, instant) {
    if (hours.always) { return true; }
    return hours.shifts.some(function (shift) {
      var clock = wall(instant, shift.zone);
      if (shift.days.indexOf(clock.weekday) >= 0 && clock.minutes >= shift.from && clock.minutes < Math.min(shift.to, DAY)) {
        return true;
      }
      // Yesterday's shift running past midnight.
      return shift.to > DAY && shift.days.indexOf((clock.weekday + 6) % 7) >= 0 && clock.minutes < shift.to - DAY;
    });
  }

  /* The next instant, within nine days, at which the contact's state (staffed or not) changes; null if none. */
  function nextChange(hours, now) {
    if (hours.always) { return null; }
    var open = isOpen(hours, now);
    var moments = [];
    hours.shifts.forEach(function (shift) {
      var today = wall(now, shift.zone);
      for (var offset = -1; offset <= 8; offset += 1) {
        var date = addDays(today, offset);
        if (shift.days.indexOf(date.weekday) < 0) { continue; }
        moments.push(instantAt(date, shift.from, shift.zone), instantAt(date, shift.to, shift.zone));
      }
    });
    moments = moments.filter(function (moment) { return moment > now; }).sort(function (a, b) { return a - b; });
    for (var index = 0; index < moments.length; index += 1) {
      if (isOpen(hours, moments[index]) !== open) { return moments[index]; }
    }
    return null;
  }

  function Reader(texts) {
    var language = document.documentElement.lang || "en";
    this.texts = texts;
    this.zone = new Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    // Latin digits, as the hours are written in every language of the handbook.
    this.time = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", numberingSystem: "latn", timeZone: "UTC" });
    var weekday = new Intl.DateTimeFormat(language, { weekday: "short", timeZone: "UTC" });
    this.dayNames = [0, 1, 2, 3, 4, 5, 6].map(function (day) { return weekday.format(new Date(Date.UTC(2024, 0, 1 + day))); });
  }

  Reader.prototype.fill = function (name, values) {
    return this.texts[name].replace(/\{(\w+)\}/g, function (whole, key) { return key in values ? values[key] : whole; });
  };

  Reader.prototype.clock = function (minutes) {
    return this.time.format(new Date(Date.UTC(2024, 0, 1, 0, minutes % DAY)));  // formatted in UTC: no offset
  };

  /* `22:00` today, `Tue 07:00` on another day, on the reader's clock. */
  Reader.prototype.moment = function (instant, now) {
    var here = wall(instant, this.zone);
    var time = this.clock(here.minutes);
    return dayNumber(here) === dayNumber(wall(now, this.zone)) ? time : this.dayNames[here.weekday] + " " + time;
  };

  /* `Mon–Fri`, `Sat, Sun`, `Sun–Tue`: weekdays 0-6 as runs, in the page's language. */
  Reader.prototype.days = function (days) {
    var names = this.dayNames;
    var chosen = [0, 1, 2, 3, 4, 5, 6].map(function (day) { return days.indexOf(day) >= 0; });
    if (chosen.every(Boolean)) { return names[0] + "–" + names[6]; }
    var runs = [];
    for (var day = 0; day < 7; day += 1) {
      if (!chosen[day] || chosen[(day + 6) % 7]) { continue; }  // not the first day of a run
      var last = day;
      while (chosen[(last + 1) % 7]) { last = (last + 1) % 7; }
      runs.push(last === day ? names[day] : last === (day + 1) % 7 ? names[day] + ", " + names[last] : names[day] + "–" + names[last]);
    }
    return runs.join(", ");
  };

  /* The hours on the reader's clock this week, or null when the reader's clock is the zone's. */
  Reader.prototype.localHours = function (hours, now) {
    var reader = this;
    if (hours.always) { return null; }
    var same = hours.shifts.every(function (shift) {
      var there = wall(now, shift.zone), here = wall(now, reader.zone);
      return there.minutes === here.minutes && dayNumber(there) === dayNumber(here);
    });
    if (same) { return null; }
    var groups = [];
    hours.shifts.forEach(function (shift) {
      var today = wall(now, shift.zone);
      shift.days.forEach(function (day) {
        var date = addDays(today, day - today.weekday);
        var start = wall(instantAt(date, shift.from, shift.zone), reader.zone);
        var end = wall(instantAt(date, shift.to, shift.zone), reader.zone);
        var later = dayNumber(end) - dayNumber(start);
        var key = [start.minutes, end.minutes, later].join(" ");
        var group = groups.filter(function (known) { return known.key === key; })[0];
        if (!group) { groups.push(group = { key: key, start: start.minutes, end: end.minutes, later: later, days: [] }); }
        group.days.push(start.weekday);
      });
    });
    return groups.map(function (group) {
      var midnight = group.end === 0 && group.later === 1;
      var end = midnight ? "24:00" : reader.clock(group.end) + (group.later > 0 ? " (" + reader.texts.nextDay + ")" : "");
      return reader.days(group.days) + " " + reader.clock(group.start) + "–" + end;
    }).join("; ");
  };

  /* Mark every `.pb-hours` element with whether its contact is reachable now; returns team ID -> open. */
  function markHours(reader, now) {
    var open = {};
    document.querySelectorAll(".pb-hours[data-pb-hours]").forEach(function (element) {
      var hours, reachable;
      try {
        hours = JSON.parse(element.getAttribute("data-pb-hours"));
        reachable = isOpen(hours, now);
      } catch (error) {  // a time zone this browser does not know: say nothing rather than something wrong
        return;
      }
      open[element.getAttribute("data-pb-team")] = reachable;
      var badge = element.nextElementSibling;
      if (!badge || !badge.classList.contains("pb-reach")) {
        badge = document.createElement("span");
        element.after(badge);
      }
      var change = nextChange(hours, now);
      var words = [reader.texts[reachable ? "open" : "closed"]];
      if (change) { words.push(reader.fill(reachable ? "until" : "back", { time: reader.moment(change, now) })); }
      badge.className = "pb-reach " + (reachable ? "pb-reach--open" : "pb-reach--closed");
      badge.textContent = words.join(" · ");
      var local = reader.localHours(hours, now);
      var line = badge.nextElementSibling;
      if (local && (!line || !line.classList.contains("pb-hours-local"))) {
        line = document.createElement("span");
        line.className = "pb-hours-local";
        badge.after(line);
      }
      if (line && line.classList.contains("pb-hours-local")) {
        line.hidden = !local;
        line.textContent = local ? reader.fill("local", { hours: local }) : "";
      }
    });
    document.querySelectorAll("[data-pb-fallback-for]").forEach(function (fallback) {
      // Shown while the team's own contact is not reachable, or when that cannot be told.
      fallback.hidden = open[fallback.getAttribute("data-pb-fallback-for")] === true;
    });
    return open;
  }

  function filter(matrix, open) {
    var chosen = {};
    matrix.querySelectorAll("[data-pb-filter]").forEach(function (control) {
      chosen[control.getAttribute("data-pb-filter")] = control.type === "checkbox" ? control.checked : control.value;
    });
    var shown = 0, total = 0;
    matrix.querySelectorAll(".pb-esc__area").forEach(function (area) {
      var visible = 0;
      area.querySelectorAll("tbody tr").forEach(function (row) {
        var match = (!chosen.area || row.dataset.area === chosen.area) && (!chosen.team || row.dataset.team === chosen.team)
          && (!chosen.severity || row.dataset.severity === chosen.severity) && (!chosen.reachable || open[row.dataset.team] === true);
        row.hidden = !match;
        visible += match ? 1 : 0;
        total += 1;
      });
      shown += visible;
      area.hidden = visible === 0;
      var heading = area.previousElementSibling;
      if (heading && /^H[1-6]$/.test(heading.tagName)) { heading.hidden = visible === 0; }
    });
    return { shown: shown, total: total };
  }

  function start() {
    var source = document.querySelector("[data-pb-texts]");
    if (!source) { return; }
    var reader = new Reader(JSON.parse(source.getAttribute("data-pb-texts")));
    var matrix = document.querySelector("[data-pb-matrix]");
    var status = matrix ? matrix.querySelector("[data-pb-status]") : source;
    var none = matrix ? matrix.querySelector("[data-pb-none]") : null;
    var counts = null;

    function update() {
      var now = new Date();
      var open = markHours(reader, now);
      var zone = reader.fill("zone", { zone: reader.zone, time: reader.dayNames[wall(now, reader.zone).weekday] + " " + reader.clock(wall(now, reader.zone).minutes) });
      if (matrix) {
        counts = filter(matrix, open);
        none.hidden = counts.shown > 0;
        status.textContent = zone + " " + reader.fill("shown", counts);
      } else {
        status.textContent = zone;
      }
      status.hidden = false;
    }

    if (matrix) {
      var filters = matrix.querySelector(".pb-esc__filters");
      filters.hidden = false;
      filters.addEventListener("change", update);
    }
    update();
    window.setInterval(update, 60000);  // a page left open on a night shift stays right
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
