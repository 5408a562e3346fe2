/*
 * Policybook: the guided walk-through of a process segment.
 *
 * The engine writes the segment's steps into data-pb-walkthrough of an empty
 * <div class="pb-walkthrough"> (policybook.rendering.walkthrough): step texts, branch labels, the
 * receiving teams' contacts, the time limits per severity tier and every label, in the page's
 * language. This script adds a "Walk me through" button that opens a panel at the first step:
 *
 *   a decision shows its question and one button per answer;
 *   an action shows what to do and "Next";
 *   an escalation shows who takes the case (team, contact role, channel, hours) and how long it
 *   may take at the case's tier, then "Next" if the segment goes on after it;
 *   an outcome, or an escalation that ends the segment, ends the walk with the time limit.
 *
 * The reader picks the case's tier at the start or at the end. "Back" and "Start again" retrace the
 * path. Every control is a real <button> or radio; after each move the new step's heading takes the
 * focus, so a keyboard or screen-reader user is where the new text starts. No English of its own,
 * nothing fetched, nothing stored.
 */
(() => {
  "use strict";

  let count = 0;

  function element(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function button(text, className) {
    const made = element("button", "pb-button" + (className ? " " + className : ""), text);
    made.type = "button";
    return made;
  }

  /* Text from the engine: a string in the page's language, or runs [text, lang, dir] where some of it
     is in another language (marked so that it is read and laid out in its own). */
  function put(target, said) {
    if (typeof said === "string") {
      target.append(said);
      return target;
    }
    for (const [text, lang, dir] of said) {
      if (!lang) {
        target.append(text);
        continue;
      }
      const run = element("span", "", text);
      run.lang = lang;
      run.dir = dir;
      target.append(run);
    }
    return target;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
  }

  function start(root) {
    const data = JSON.parse(root.dataset.pbWalkthrough);
    const label = data.labels;
    const steps = new Map(data.steps.map((step) => [step.id, step]));
    const first = data.steps[0].id;
    const id = "pb-walkthrough-" + ++count;
    const state = { history: [], current: null, tier: null };

    const opener = button(label.start, "pb-button--primary pb-walkthrough__start");
    opener.setAttribute("aria-expanded", "false");
    opener.setAttribute("aria-controls", id);
    const panel = element("section", "pb-walkthrough__panel");
    panel.id = id;
    panel.setAttribute("aria-label", label.start); // a region of its own name ("Steps of ..." names the chart)
    panel.hidden = true;
    root.append(opener, panel);

    opener.addEventListener("click", () => {
      state.history = [];
      opener.setAttribute("aria-expanded", "true");
      opener.hidden = true;
      panel.hidden = false;
      show(first);
    });

    function close() {
      panel.hidden = true;
      panel.replaceChildren();
      opener.hidden = false;
      opener.setAttribute("aria-expanded", "false");
      opener.focus();
    }

    function go(next) {
      state.history.push(state.current);
      show(next);
    }

    /* The case's tier, as radio buttons; choosing one updates every time limit shown. */
    function tierPicker() {
      const group = element("fieldset", "pb-walkthrough__tiers");
      group.append(element("legend", "", label.tier));
      const name = id + "-tier-" + state.history.length;
      for (const tier of data.tiers) {
        const choice = element("label", "pb-walkthrough__tier");
        const radio = element("input");
        radio.type = "radio";
        radio.name = name;
        radio.value = tier;
        radio.checked = state.tier === tier;
        radio.addEventListener("change", () => {
          state.tier = tier;
          panel.querySelectorAll(".pb-walkthrough__sla").forEach(showLimit);
        });
        const code = element("code", "", tier);
        choice.append(radio, " ", code);
        group.append(choice);
      }
      return group;
    }

    /* "Complete within": at the chosen tier, or at every tier while none is chosen. */
    function showLimit(target) {
      const limits = JSON.parse(target.dataset.sla);
      const value = target.querySelector("dd");
      value.replaceChildren();
      const tiers = state.tier ? [state.tier] : data.tiers;
      tiers.forEach((tier, index) => {
        if (index) value.append(" · ");
        const limit = element("span", "pb-walkthrough__limit"); // a tier and its time: one unit, never split
        limit.append(element("code", "", tier), " " + limits[tier]);
        value.append(limit);
      });
    }

    function limit(limits) {
      const list = element("dl", "pb-walkthrough__sla");
      list.dataset.sla = JSON.stringify(limits);
      list.setAttribute("aria-live", "polite");
      list.append(element("dt", "", label.within), element("dd"));
      showLimit(list);
      return list;
    }

    function receiver(escalation) {
      const box = element("div", "pb-walkthrough__receiver");
      const to = element("p", "pb-walkthrough__to");
      to.append(element("strong", "", label.escalate), " ");
      if (escalation.href) {
        const link = element("a");
        link.href = escalation.href;
        to.append(put(link, escalation.name));
      } else {
        to.append(put(element("span"), escalation.name));
      }
      box.append(to);
      if (escalation.contact) {
        const contact = element("dl", "pb-walkthrough__contact");
        const team = JSON.stringify(escalation.team) !== JSON.stringify(escalation.name) ? escalation.team : null;
        const role = put(element("dd"), escalation.contact);
        if (team) role.prepend(put(element("span"), team), " — ");
        contact.append(element("dt", "", label.contact), role);
        const channel = element("dd");
        channel.append(element("code", "", escalation.channel));
        contact.append(element("dt", "", label.channel), channel);
        contact.append(element("dt", "", label.hours), put(element("dd"), escalation.hours));
        box.append(contact);
      }
      if (escalation.sla) box.append(limit(escalation.sla));
      return box;
    }

    function show(stepId) {
      const step = steps.get(stepId);
      state.current = stepId;
      const answers = step.branches || [];
      const ends = !answers.length && !step.next;
      const atStart = stepId === first && !state.history.length;
      const parts = [];
      if (atStart) parts.push(tierPicker());
      const heading = element("h3", "pb-walkthrough__heading", fill(label.step, { step: step.number }) + " · " + step.kind);
      heading.id = id + "-heading";
      heading.tabIndex = -1;
      const text = put(element("p", "pb-walkthrough__text"), step.text);
      text.id = id + "-text";
      heading.setAttribute("aria-describedby", text.id);
      parts.push(heading, text);
      if (step.escalation) parts.push(receiver(step.escalation));
      else if (ends) parts.push(limit(data.sla));
      if (answers.length) {
        const group = element("div", "pb-walkthrough__answers");
        group.setAttribute("role", "group");
        group.setAttribute("aria-labelledby", heading.id);
        for (const answer of answers) {
          const choice = put(button("", "pb-walkthrough__answer"), answer.label);
          choice.addEventListener("click", () => go(answer.next));
          group.append(choice);
        }
        parts.push(group);
      } else if (step.next) {
        const next = button(label.next, "pb-button--primary pb-walkthrough__next");
        next.addEventListener("click", () => go(step.next));
        parts.push(next);
      }
      if (ends && !atStart) parts.push(tierPicker());
      const moves = element("div", "pb-walkthrough__moves");
      if (state.history.length) {
        const back = button(label.back, "pb-walkthrough__back");
        back.addEventListener("click", () => show(state.history.pop()));
        moves.append(back);
        const again = button(label.restart, "pb-walkthrough__restart");
        again.addEventListener("click", () => { state.history = []; show(first); });
        moves.append(again);
      }
      const shut = button(label.close, "pb-walkthrough__close");
      shut.addEventListener("click", close);
      moves.append(shut);
      parts.push(moves);
      panel.dataset.step = stepId;
      panel.dataset.ends = ends ? "true" : "false";
      panel.replaceChildren(...parts);
      heading.focus();
    }
  }

  document.querySelectorAll(".pb-walkthrough[data-pb-walkthrough]").forEach(start);
})();
