#!/usr/bin/env node
// check-html: open initscan's HTML and SVG reports in headless Chromium and
// check what the browser drew against the JSON report of the same input.
//
//   node check-html.js [--screenshot PREFIX] CHECK...
//
// Each CHECK is a group of arguments:
//   report FILE.html FILE.json   (the JSON made with --by=symbol, and --dmesg
//                                 when the page has a timeline)
//   svg FILE.svg FILE.json       (the --format=svg timeline)
//   diff FILE.html FILE.json     (initscan diff -f html / -f json)
//   bar FUNCTION START_US USECS  (the timeline bar of FUNCTION in the
//                                 report or svg before it starts at
//                                 START_US and says it ran USECS, as the
//                                 log has it)
//
// Every page is opened from file:// with all other requests refused; any
// console message of level warning or error, page error or failed request
// fails the check.  One line per failed check on stderr, exit status 1 if
// any; "ok N checks" on stdout otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const failures = [];
let passed = 0;
function check(what, ok, detail) {
  if (ok) passed++;
  else failures.push(`${what}${detail === undefined ? '' : `: ${detail}`}`);
}
function checkEq(what, got, want) {
  check(what, got === want, `got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

function parseArgs(argv) {
  const jobs = [];
  let screenshot = null;
  for (let i = 0; i < argv.length;) {
    const word = argv[i];
    if (word === '--screenshot') {
      screenshot = argv[i + 1];
      i += 2;
    } else if (word === 'report' || word === 'svg' || word === 'diff') {
      jobs.push({ kind: word, file: argv[i + 1], json: JSON.parse(fs.readFileSync(argv[i + 2])),
                  bars: [] });
      i += 3;
    } else if (word === 'bar' && jobs.length > 0) {
      jobs[jobs.length - 1].bars.push({ fn: argv[i + 1], start: Number(argv[i + 2]),
                                        usecs: Number(argv[i + 3]) });
      i += 4;
    } else {
      throw new Error(`check-html: unexpected argument '${word}'`);
    }
  }
  if (jobs.length === 0) throw new Error('check-html: nothing to check');
  return { jobs, screenshot };
}

// A page that may load its own file:// URL and nothing else; every console
// warning or error, page error and failed request is a failure.
async function openPage(browser, file, tag) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1500, height: 1000 });
  const url = 'file://' + path.resolve(file);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === url) req.continue();
    else {
      check(`${tag}: request ${req.url()}`, false, 'the page must load nothing');
      req.abort();
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warn' || msg.type() === 'warning')
      check(`${tag}: console ${msg.type()}`, false, msg.text());
  });
  page.on('pageerror', (err) => check(`${tag}: page error`, false, err.message));
  page.on('requestfailed', (req) => {
    if (req.url() === url) check(`${tag}: ${req.url()}`, false, req.failure().errorText);
  });
  const response = await page.goto(url, { waitUntil: 'load' });
  check(`${tag}: loaded`, response !== null && response.ok());
  return page;
}

// The bars of the timeline SVG(s) in ROOT (an element handle or the page).
async function timelineBars(scope) {
  return scope.$$eval('svg.timeline', (svgs) => svgs.map((svg) => ({
    t0: Number(svg.dataset.t0Us),
    usPerPx: Number(svg.dataset.usPerPx),
    left: Number(svg.dataset.plotLeft),
    bars: [...svg.querySelectorAll('rect.bar:not(.key)')].map((r) => ({
      fn: r.dataset.function,
      cls: r.getAttribute('class'),
      x: Number(r.getAttribute('x')),
      y: Number(r.getAttribute('y')),
      start: Number(r.dataset.startUs),
      end: Number(r.dataset.endUs),
      usecs: Number(r.dataset.usecs),
      ret: Number(r.dataset.ret),
      title: r.querySelector('title') ? r.querySelector('title').textContent : '',
    })),
  })));
}

// The timeline against the image's JSON: a bar per call of the log, the
// durations and results of the initcalls that ran, failed ones marked,
// no two bars of a row overlapping, the expected bars where the log puts
// them.
function checkTimeline(tag, timeline, image, expectBars) {
  const log = image.boot_log;
  checkEq(`${tag}: bars = calls in the boot log`, timeline.bars.length, log.calls);
  check(`${tag}: the timeline has bars`, timeline.bars.length > 0);
  const ran = [...image.console_initcalls, ...image.initcalls].filter((ic) => ic.boot !== null);
  const byOrder = new Map(ran.map((ic) => [ic.boot.order, ic]));
  checkEq(`${tag}: bars of initcalls that ran`, timeline.bars.filter((b, i) => byOrder.has(i)).length,
          ran.length);
  timeline.bars.forEach((bar, order) => {
    const ic = byOrder.get(order);
    if (ic === undefined) return;
    const usecs = ic.boot.usecs === null ? -1 : ic.boot.usecs;
    checkEq(`${tag}: bar ${order} function`, bar.fn, ic.function);
    checkEq(`${tag}: bar ${order} (${bar.fn}) usecs`, bar.usecs, usecs);
    checkEq(`${tag}: bar ${order} (${bar.fn}) marked failed`, /\bfailed\b/.test(bar.cls),
            ic.boot.ret !== null && ic.boot.ret !== 0);
    if (ic.source !== null)
      check(`${tag}: bar ${order} (${bar.fn}) title names ${ic.source.file}:${ic.source.line}`,
            bar.title.includes(`${ic.source.file}:${ic.source.line}`), bar.title);
  });
  const rows = new Map();
  for (const bar of timeline.bars) {
    if (!rows.has(bar.y)) rows.set(bar.y, []);
    rows.get(bar.y).push(bar);
  }
  for (const [y, row] of rows) {
    row.sort((a, b) => a.start - b.start);
    for (let i = 1; i < row.length; i++)
      check(`${tag}: row y=${y}: ${row[i - 1].fn} ends before ${row[i].fn} starts`,
            row[i - 1].end <= row[i].start);
  }
  for (const want of expectBars) {
    const bar = timeline.bars.find((b) => b.fn === want.fn);
    check(`${tag}: a bar for ${want.fn}`, bar !== undefined);
    if (bar === undefined) continue;
    const x = timeline.left + (want.start - timeline.t0) / timeline.usPerPx;
    check(`${tag}: ${want.fn} at x=${x.toFixed(3)}`, Math.abs(bar.x - x) < 0.01, `x=${bar.x}`);
    check(`${tag}: ${want.fn} ends after it starts`, bar.end >= bar.start, `${bar.start}..${bar.end}`);
    checkEq(`${tag}: ${want.fn} lasts`, bar.usecs, want.usecs);
  }
}

// The treemap against the --by=symbol attribution: every byte drawn once,
// every rectangle's area proportional to its bytes, every symbol drawn
// with the bytes the JSON gives it.
async function checkTreemap(tag, scope, image) {
  const a = image.attribution;
  const map = await scope.$eval('svg.treemap', (svg) => ({
    bytes: Number(svg.dataset.bytes),
    width: Number(svg.getAttribute('width')),
    height: Number(svg.getAttribute('height')),
    leaves: [...svg.querySelectorAll('rect.symbol')].map((r) => ({
      name: r.dataset.name, section: r.dataset.section, merged: r.dataset.merged === 'true',
      bytes: Number(r.dataset.bytes),
      w: Number(r.getAttribute('width')), h: Number(r.getAttribute('height')),
      drawn: r.getBoundingClientRect().width > 0,
    })),
  }));
  checkEq(`${tag}: treemap bytes`, map.bytes, a.bytes);
  check(`${tag}: the treemap has rectangles`, map.leaves.length > 0);
  checkEq(`${tag}: every byte drawn once`, map.leaves.reduce((s, l) => s + l.bytes, 0), a.bytes);
  const scale = (map.width * map.height) / a.bytes;
  let worst = 0;
  for (const leaf of map.leaves) {
    const want = leaf.bytes * scale, got = leaf.w * leaf.h;
    // coordinates are printed to 0.01 px: allow that rounding on each side
    const slack = 0.02 * (leaf.w + leaf.h) + 0.001 * want + 1e-6;
    worst = Math.max(worst, Math.abs(got - want) - slack);
  }
  check(`${tag}: rectangle areas proportional to bytes`, worst <= 0, `off by ${worst} px²`);
  // static symbols of different files may share a name and a section
  const parts = new Map();
  for (const p of a.parts) {
    const key = `${p.section}\0${p.name}`;
    if (!parts.has(key)) parts.set(key, []);
    parts.get(key).push(p.bytes);
  }
  const named = map.leaves.filter((l) => !l.merged);
  check(`${tag}: symbols drawn by name`, named.length > 0);
  const wrong = named.filter((l) => !(parts.get(`${l.section}\0${l.name}`) || []).includes(l.bytes));
  checkEq(`${tag}: symbols drawn with their JSON bytes`, wrong.map((l) => l.name).join(' '), '');
}

async function checkReport(browser, job, n) {
  const page = await openPage(browser, job.file, job.file);
  const sections = await page.$$('section.input');
  checkEq(`${job.file}: one section per input`, sections.length, job.json.images.length);
  for (let i = 0; i < job.json.images.length && i < sections.length; i++) {
    const image = job.json.images[i], sec = sections[i], tag = `${job.file}[${i}]`;
    checkEq(`${tag}: heading`, await sec.$eval('h2', (h) => h.textContent), image.path);
    if (image.errors.length > 0) {
      checkEq(`${tag}: error`, await sec.$eval('p.bad', (p) => p.textContent), image.errors[0]);
      continue;
    }
    const calls = image.console_initcalls.length + image.initcalls.length;
    checkEq(`${tag}: initcall rows`, (await sec.$$('tr.initcall')).length, calls);
    const rows = await sec.$$eval('tr.finding', (trs) => trs.map((tr) => tr.dataset.fingerprint));
    checkEq(`${tag}: finding rows`, rows.join(' '), image.mismatches.map((m) => m.fingerprint).join(' '));
    const timelines = await timelineBars(sec);
    checkEq(`${tag}: timelines`, timelines.length, image.boot_log ? 1 : 0);
    if (image.boot_log && timelines.length === 1)
      checkTimeline(tag, timelines[0], image, job.bars);
    if (image.attribution && image.attribution.bytes > 0)
      await checkTreemap(tag, sec, image);
    else
      checkEq(`${tag}: no treemap`, (await sec.$$('svg.treemap')).length, 0);
  }
  await shoot(page, n);
  await page.close();
}

async function checkSvg(browser, job, n) {
  const page = await openPage(browser, job.file, job.file);
  const image = job.json.images.find((im) => im.boot_log);
  const timelines = await timelineBars(page);
  checkEq(`${job.file}: one timeline`, timelines.length, 1);
  if (image !== undefined && timelines.length === 1)
    checkTimeline(job.file, timelines[0], image, job.bars);
  await shoot(page, n);
  await page.close();
}

// A row per change of the diff JSON, of the kind it is.
async function checkDiff(browser, job, n) {
  const page = await openPage(browser, job.file, job.file);
  const kinds = await page.$$eval('tr.change', (trs) => trs.map((tr) => tr.dataset.kind));
  const d = job.json, count = (k) => kinds.filter((x) => x === k).length;
  const want = {
    added: d.initcalls.added.length, removed: d.initcalls.removed.length,
    moved: d.initcalls.moved.length, reordered: d.initcalls.reordered.length,
    new_mismatch: d.mismatches.new.length, fixed_mismatch: d.mismatches.fixed.length,
    init_memory: 1, freed: 1,
    by_section: d.init_memory.by_section.length, by_file: d.init_memory.by_file.length,
  };
  const total = Object.values(want).reduce((s, v) => s + v, 0);
  checkEq(`${job.file}: change rows`, kinds.length, total);
  for (const [kind, n2] of Object.entries(want)) checkEq(`${job.file}: ${kind} rows`, count(kind), n2);
  await shoot(page, n);
  await page.close();
}

let screenshotPrefix = null;
async function shoot(page, n) {
  if (screenshotPrefix === null) return;
  await page.screenshot({ path: `${screenshotPrefix}-${n}-page.png` });
  for (const sel of ['svg.timeline', 'svg.treemap']) {
    const el = await page.$(sel);
    if (el !== null)
      await el.screenshot({ path: `${screenshotPrefix}-${n}-${sel.replace('svg.', '')}.png` });
  }
}

async function main() {
  const { jobs, screenshot } = parseArgs(process.argv.slice(2));
  screenshotPrefix = screenshot;
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // root in CI: no sandbox; nothing but file:// is requested anyway
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-default-apps', '--proxy-server=127.0.0.1:9', '--allow-file-access-from-files'],
  });
  try {
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i];
      if (job.kind === 'report') await checkReport(browser, job, i);
      else if (job.kind === 'svg') await checkSvg(browser, job, i);
      else await checkDiff(browser, job, i);
    }
  } finally {
    await browser.close();
  }
  if (failures.length > 0) {
    for (const f of failures) console.error(`check-html: ${f}`);
    console.error(`check-html: ${failures.length} of ${failures.length + passed} checks failed`);
    process.exit(1);
  }
  console.log(`ok ${passed} checks`);
}

main().catch((err) => {
  console.error(`check-html: ${err.stack || err}`);
  process.exit(1);
});
