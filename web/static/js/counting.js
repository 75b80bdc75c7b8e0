// The counting room: ballots entered keyboard-only and saved one by one. A ballot counts only once
// the server has acknowledged it; until then it waits in a queue kept in the browser's storage
// (keyed by round and pile), so a closed laptop or a dropped connection loses nothing, and it is
// sent again until the server answers (a resend of the same ballot under the same number is
// harmless: the server answers it as already stored).
(function () {
  "use strict";

  // Agree/disagree ballots: every person starts "agree"; their key cycles through the other marks.
  var MARK_NEXT = { agree: "disagree", disagree: "none", none: "both", both: "agree" };
  var MARK_LABEL = { agree: "Đồng ý", disagree: "Không đồng ý", none: "Không đánh dấu", both: "Cả hai ô" };
  var RETRY_MAX_MS = 10000;
  var POLL_MS = 5000;
  var REQUEST_TIMEOUT_MS = 10000;

  function $(root, sel) { return root.querySelector(sel); }
  function $all(root, sel) { return Array.prototype.slice.call(root.querySelectorAll(sel)); }

  // hundredths returns votes × 100 ÷ base in hundredths, rounded half-up in integers like the server.
  function hundredths(votes, base) {
    if (base <= 0) return 0;
    return Math.floor((2 * votes * 10000 + base) / (2 * base));
  }
  function percentText(votes, base) {
    var h = hundredths(votes, base);
    var whole = Math.floor(h / 100);
    var frac = h % 100;
    return whole + "," + (frac < 10 ? "0" : "") + frac + "%";
  }
  function numText(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function Room(root) {
    var d = root.dataset;
    this.root = root;
    this.round = d.round;
    this.slot = parseInt(d.slot, 10);
    this.kind = d.listKind;
    this.seats = parseInt(d.seats, 10);
    this.threshold = parseInt(d.threshold, 10);
    this.base = parseInt(d.base, 10);
    this.long = d.long === "1";
    this.closed = d.closed === "1";
    this.double = d.double === "1";
    this.issued = parseInt(d.issued, 10) || parseInt(d.present, 10) || 0;
    this.api = d.api;
    this.login = d.login;
    this.storageKey = "daihoi.ballots.r" + this.round + ".s" + this.slot;

    this.rows = [];
    this.keyMap = {};
    var self = this;
    $all(root, "tr[data-pos]").forEach(function (tr) {
      var pos = parseInt(tr.dataset.pos, 10);
      self.rows[pos] = {
        tr: tr, mark: $(tr, "[data-mark]"), votes: $(tr, "[data-votes]"), pct: $(tr, "[data-pct]")
      };
      if (tr.dataset.key) self.keyMap[tr.dataset.key] = pos;
    });
    this.n = this.rows.length - 1;
    this.reasons = $all(root, "[data-reason]").map(function (li) {
      return { code: li.dataset.reason, digit: li.dataset.digit, label: li.textContent.replace(/^\s*\d+\s*/, "").trim() };
    });

    this.el = {
      number: $(root, "[data-number]"), state: $(root, "[data-state]"), typed: $(root, "[data-typed]"),
      reasons: $(root, "[data-reasons]"), noteField: $(root, "[data-note-field]"), note: $(root, "[data-note]"),
      confirm: $(root, "[data-confirm]"), message: $(root, "[data-message]"), help: $(root, "[data-help]"),
      total: $(root, "[data-count-total]"), valid: $(root, "[data-count-valid]"), invalid: $(root, "[data-count-invalid]"),
      pending: $(root, "[data-count-pending]"), pendingBox: $(root, "[data-pending-box]"), pendingNote: $(root, "[data-pending-note]"),
      recent: $(root, "[data-recent]"), doubleSummary: $(root, "[data-double-summary]"), diffs: $(root, "[data-diffs]")
    };

    this.acked = {};        // number → ballot as the server stored it
    this.lastAcked = 0;
    this.votes = [];        // by position: votes from acknowledged valid ballots
    for (var i = 0; i <= this.n; i++) this.votes[i] = 0;
    this.validCount = 0;
    this.invalidCount = 0;
    this.queue = [];        // ballots saved here and not yet acknowledged, in order
    this.rejected = [];     // queued ballots the server refused, waiting for the clerk
    this.sending = false;
    this.paused = false;
    this.retryMs = 1000;
    this.retryTimer = null;
    this.locked = null;     // the editor's ballot while its first send is in flight
    this.buffer = [];       // keys typed while locked, replayed after the answer
    this.mode = "normal";   // normal | reason | note | confirm
    this.typed = "";        // long lists: the number being typed
    this.loaded = false;
    this.piles = [0, 0];
    this.differences = [];
    this.resetEditor();
  }

  // --- the ballot being entered ---

  Room.prototype.resetEditor = function () {
    // number is set for a refused ballot put back with its own number; refused marks such a ballot.
    var e = { struck: {}, marks: [], invalid: "", note: "", history: [], number: 0, keys: 0, refused: false };
    for (var i = 0; i < this.n; i++) e.marks.push("agree");
    this.editor = e;
    this.typed = "";
  };

  Room.prototype.dirty = function () {
    var e = this.editor;
    return e.history.length > 0 || e.invalid !== "" || e.number !== 0 || e.refused;
  };

  Room.prototype.nextNumber = function () {
    if (this.editor.number) return this.editor.number;
    var n = this.lastAcked;
    this.queue.forEach(function (it) { if (it.number > n) n = it.number; });
    return n + 1;
  };

  Room.prototype.struckList = function () {
    var out = [];
    for (var p = 1; p <= this.n; p++) if (this.editor.struck[p]) out.push(p);
    return out;
  };

  Room.prototype.toggle = function (pos) {
    var e = this.editor;
    if (this.kind === "surplus") {
      e.history.push({ type: "pos", pos: pos, prev: !!e.struck[pos] });
      e.struck[pos] = !e.struck[pos];
    } else {
      e.history.push({ type: "pos", pos: pos, prev: e.marks[pos - 1] });
      e.marks[pos - 1] = MARK_NEXT[e.marks[pos - 1]];
    }
  };

  Room.prototype.setInvalid = function (code) {
    var e = this.editor;
    e.history.push({ type: "invalid", prev: e.invalid, prevNote: e.note });
    e.invalid = code;
    if (code !== "other") e.note = "";
  };

  Room.prototype.undoChange = function () {
    var h = this.editor.history.pop();
    if (!h) return false;
    if (h.type === "pos") {
      if (this.kind === "surplus") this.editor.struck[h.pos] = h.prev;
      else this.editor.marks[h.pos - 1] = h.prev;
    } else {
      this.editor.invalid = h.prev;
      this.editor.note = h.prevNote;
    }
    return true;
  };

  Room.prototype.body = function (number) {
    var e = this.editor;
    var b = { slot: this.slot, number: number };
    if (this.kind === "surplus") b.struck = this.struckList();
    else b.marks = e.marks.slice();
    if (e.invalid) {
      b.invalid = e.invalid;
      if (e.note) b.note = e.note;
    }
    return b;
  };

  // loadBody puts a refused ballot back into the editor.
  Room.prototype.loadBody = function (body, keys) {
    this.resetEditor();
    var e = this.editor;
    if (body.struck) body.struck.forEach(function (p) { e.struck[p] = true; e.history.push({ type: "pos", pos: p, prev: false }); });
    if (body.marks) e.marks = body.marks.slice();
    e.invalid = body.invalid || "";
    e.note = body.note || "";
    e.keys = keys || 0;
  };

  Room.prototype.reasonLabel = function (code) {
    for (var i = 0; i < this.reasons.length; i++) if (this.reasons[i].code === code) return this.reasons[i].label;
    return code;
  };

  // preview tells the clerk what the server will make of the ballot (rule 3); the server decides.
  Room.prototype.preview = function () {
    var e = this.editor;
    if (!e.history.length && !e.invalid && !this.typed) {
      return {
        text: this.kind === "surplus"
          ? "Phiếu mới: nhấn phím của từng tên bị gạch, rồi Enter."
          : "Phiếu mới: mọi người đang là “đồng ý”; nhấn phím của người để đổi dấu, rồi Enter.",
        bad: false
      };
    }
    if (e.invalid) {
      return { text: "Không hợp lệ — " + this.reasonLabel(e.invalid) + (e.note ? " (" + e.note + ")" : ""), bad: true };
    }
    if (this.kind === "surplus") {
      var struck = this.struckList();
      var kept = this.n - struck.length;
      var text = struck.length ? "Gạch tên số " + struck.join(", ") : "Chưa gạch tên nào";
      text += " · để lại " + kept + " tên (bầu " + this.seats + ")";
      if (kept > this.seats) return { text: text + " — lưu thế này là phiếu không hợp lệ (để lại nhiều tên hơn số cần bầu)", bad: true };
      if (kept === 0 && this.n > 1) return { text: text + " — lưu thế này là phiếu không hợp lệ (gạch hết tên)", bad: true };
      return { text: text + " — hợp lệ", bad: false };
    }
    var agree = 0, changed = [];
    for (var i = 0; i < this.n; i++) {
      if (e.marks[i] === "agree") agree++;
      else changed.push((i + 1) + ": " + MARK_LABEL[e.marks[i]].toLowerCase());
    }
    var t = changed.length ? changed.join("; ") : "Đồng ý tất cả";
    if (this.n === 1 && (e.marks[0] === "none" || e.marks[0] === "both")) {
      return { text: t + " — lưu thế này là phiếu không hợp lệ (danh sách một người)", bad: true };
    }
    if (agree > this.seats) return { text: t + " — lưu thế này là phiếu không hợp lệ (đồng ý nhiều hơn số cần bầu)", bad: true };
    return { text: t + " — hợp lệ", bad: false };
  };

  // --- keys ---

  Room.prototype.onKeyDown = function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (ev.target === this.el.note) {
      this.onNoteKey(ev);
      return;
    }
    var key = ev.key;
    if (key === "?") {
      this.el.help.hidden = !this.el.help.hidden;
      ev.preventDefault();
      return;
    }
    if (this.closed) return;
    // Keys typed while the ballots load or while a ballot is being saved wait their turn.
    if (this.locked || !this.loaded) {
      if (key.length === 1 || key === "Enter" || key === "Backspace" || key === "Escape") {
        this.buffer.push(key);
        ev.preventDefault();
      }
      return;
    }
    if (this.handle(key)) {
      ev.preventDefault();
      this.render();
    }
  };

  // handle applies one key; it returns false for a key the room does not use.
  Room.prototype.handle = function (key) {
    var e = this.editor;
    if (this.mode === "confirm") {
      this.mode = "normal";
      this.el.confirm.hidden = true;
      if (key === "-" || key === "Enter") this.undoLastSaved();
      return true;
    }
    if (this.mode === "reason") {
      var r = this.reasons.filter(function (x) { return x.digit === key; })[0];
      if (r) {
        e.keys++;
        this.setInvalid(r.code);
        this.mode = "normal";
        if (r.code === "other") this.askNote();
      } else if (key === "Escape" || key === "*" || key === "/") {
        e.keys++;
        this.mode = "normal";
      }
      return true;
    }
    switch (key) {
      case "Enter":
        e.keys++;
        if (this.long && this.typed) this.applyTyped();
        else this.save();
        return true;
      case "*":
      case "/":
        e.keys++;
        if (e.invalid) this.setInvalid("");
        else this.mode = "reason";
        return true;
      case "-":
        this.askUndo();
        return true;
      case "Backspace":
        e.keys++;
        if (this.typed) this.typed = this.typed.slice(0, -1);
        else this.undoChange();
        return true;
      case "Escape":
        if (!this.el.help.hidden) this.el.help.hidden = true;
        else if (this.typed) this.typed = "";
        else {
          var wasRefused = e.refused;
          this.resetEditor();
          this.say(wasRefused ? "Đã bỏ phiếu bị từ chối." : "");
          this.loadRejected();
        }
        return true;
    }
    if (this.long) {
      if (/^[0-9]$/.test(key)) {
        e.keys++;
        if (this.typed.length < 4) this.typed += key;
        return true;
      }
      if (key === " " || key === "." || key === "," || key === "+") {
        e.keys++;
        this.applyTyped();
        return true;
      }
      return false;
    }
    if (key.length !== 1) return false;
    var pos = this.keyMap[key.toLowerCase()];
    if (!pos) return false;
    e.keys++;
    this.toggle(pos);
    return true;
  };

  Room.prototype.applyTyped = function () {
    var pos = parseInt(this.typed, 10);
    this.typed = "";
    if (pos >= 1 && pos <= this.n) {
      this.toggle(pos);
      this.say("");
    } else {
      this.say("Không có người số " + pos + " trong danh sách " + this.n + " người.", true);
    }
  };

  Room.prototype.askNote = function () {
    this.mode = "note";
    this.el.noteField.hidden = false;
    this.el.note.value = this.editor.note;
    this.el.note.focus();
  };

  Room.prototype.closeNote = function () {
    this.mode = "normal";
    this.el.noteField.hidden = true;
    this.el.note.blur();
  };

  Room.prototype.onNoteKey = function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      var note = this.el.note.value.trim();
      if (!note) {
        this.say("Lý do khác: cần ghi rõ lý do phiếu không hợp lệ.", true);
        return;
      }
      this.editor.note = note;
      this.editor.keys++;
      this.closeNote();
      this.save();
      this.render();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      this.closeNote();
      this.undoChange();
      this.render();
    }
  };

  // --- saving ---

  Room.prototype.save = function () {
    var e = this.editor;
    if (e.invalid === "other" && !e.note) {
      this.askNote();
      return;
    }
    var item = { number: this.nextNumber(), body: null, keys: e.keys, at: Date.now() };
    item.body = this.body(item.number);
    this.queue.push(item);
    this.store();
    if (this.queue.length === 1 && !this.paused) {
      // Nothing else waits: hold the editor until the answer, so that a refusal leaves the
      // ballot on screen to be corrected.
      this.locked = item;
      this.say("Đang lưu phiếu số " + item.number + "…");
    } else {
      this.resetEditor();
      this.say("Phiếu số " + item.number + " đang chờ gửi (đã giữ trên máy này).");
    }
    this.pump();
  };

  // pump sends the queue's head, then the next, one at a time and in order.
  Room.prototype.pump = function () {
    var self = this;
    if (this.sending || this.syncing || this.paused || !this.queue.length) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    var item = this.queue[0];
    this.sending = true;
    request("POST", this.api, item.body).then(function (res) {
      self.sending = false;
      var mine = self.locked === item;
      if (res.status === 200 || res.status === 201) {
        self.queue.shift();
        self.store();
        self.retryMs = 1000;
        self.ack(res.data);
        self.root.dataset.lastKeys = String(item.keys);
        if (mine) self.release(true, "");
        else if (!self.editor.refused) self.say(""); // a refusal on screen stays until dealt with
        self.loadRejected();
        self.render();
        self.pump();
        return;
      }
      if (res.status === 0 || res.status >= 500 || res.status === 429) {
        if (mine) self.release(true, "Mất kết nối với máy chủ: phiếu số " + item.number + " được giữ trên máy này và sẽ tự gửi lại.");
        else self.say("Mất kết nối với máy chủ: " + self.queue.length + " phiếu chờ gửi lại, đã giữ trên máy này.", true);
        self.retry();
        self.render();
        return;
      }
      if (res.status === 401 || res.status === 403) {
        self.paused = true;
        var msg = res.status === 401
          ? "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; các phiếu chờ gửi vẫn được giữ trên máy này."
          : errorText(res.data, "Không có quyền nhập phiếu.");
        if (mine) self.release(true, msg);
        else self.say(msg, true);
        self.render();
        return;
      }
      // Refused (409 another content under that number or a closed round, 422 bad input or
      // more ballots than issued): the ballot goes back to the clerk, never silently dropped.
      self.queue.shift();
      self.store();
      var why = errorText(res.data, "Máy chủ không nhận phiếu số " + item.number + ".");
      var conflict = res.status === 409;
      if (mine) {
        self.locked = null;
        self.buffer = [];
        self.editor.number = 0;
        self.editor.refused = true;
        self.say(why + (conflict ? " Đang tải lại các phiếu đã lưu…" : " Phiếu vẫn ở ô nhập: sửa rồi nhấn Enter, hoặc Esc để bỏ."), true);
      } else {
        self.rejected.push({ body: item.body, keys: item.keys, why: why, conflict: conflict });
        self.store();
        self.loadRejected();
      }
      self.render();
      if (!conflict) {
        self.pump();
        return;
      }
      // Another content under that number: learn what the server holds before numbering on.
      self.sync(0).then(function () {
        if (mine) {
          self.say(why + " Phiếu đang nhập sẽ được lưu là số " + self.nextNumber() + ": đối chiếu phiếu giấy rồi nhấn Enter, hoặc Esc để bỏ.", true);
        }
        self.render();
        self.pump();
      });
    });
  };

  // release frees the editor after its ballot's first send: cleared when the ballot is safe
  // (acknowledged or queued), and the keys typed meanwhile are replayed.
  Room.prototype.release = function (clear, message) {
    this.locked = null;
    if (clear) this.resetEditor();
    this.say(message, !!message);
    this.replay();
  };

  // replay applies the keys typed while the room was busy, until it is busy again.
  Room.prototype.replay = function () {
    while (this.buffer.length && !this.locked && this.loaded && !this.closed) this.handle(this.buffer.shift());
    if (this.locked || !this.loaded) return;
    this.buffer = [];
  };

  Room.prototype.retry = function () {
    var self = this;
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(function () { self.retryTimer = null; self.pump(); }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  };

  // loadRejected puts the oldest refused queued ballot into the editor once the editor is free.
  Room.prototype.loadRejected = function () {
    if (!this.rejected.length || this.dirty() || this.locked || this.mode !== "normal") return;
    var r = this.rejected.shift();
    this.store();
    this.loadBody(r.body, r.keys);
    this.editor.number = r.conflict ? 0 : r.body.number;
    this.editor.refused = true;
    this.say("Phiếu số " + r.body.number + " (nhập khi chưa gửi được) bị máy chủ từ chối: " + r.why +
      " Phiếu đã được đưa lại vào ô nhập" + (r.conflict ? " với số " + this.nextNumber() : "") +
      ": đối chiếu phiếu giấy rồi nhấn Enter để lưu, hoặc Esc để bỏ.", true);
  };

  Room.prototype.askUndo = function () {
    if (this.queue.length) {
      this.say("Còn " + this.queue.length + " phiếu chờ gửi: chờ gửi xong rồi mới hoàn tác được.", true);
      return;
    }
    if (!this.lastAcked) {
      this.say("Chưa có phiếu nào đã lưu để hoàn tác.", true);
      return;
    }
    this.mode = "confirm";
    var b = this.acked[this.lastAcked];
    this.el.confirm.textContent = "Hoàn tác phiếu số " + this.lastAcked + " (" + this.describe(b) +
      ")? Nhấn - hoặc Enter lần nữa để xóa phiếu này, phím khác để thôi.";
    this.el.confirm.hidden = false;
  };

  Room.prototype.undoLastSaved = function () {
    var self = this;
    var expected = this.lastAcked;
    this.locked = { undo: true };
    this.say("Đang hoàn tác phiếu số " + expected + "…");
    request("DELETE", this.api + "/last?slot=" + this.slot, null).then(function (res) {
      if (res.status === 200 && res.data && res.data.deleted) {
        var gone = res.data.deleted;
        self.unack(gone.number);
        self.release(false, "");
        self.say("Đã hoàn tác phiếu số " + gone.number + ": nhập lại phiếu này.");
        if (gone.number !== expected) self.sync(0).then(function () { self.render(); });
      } else if (res.status === 0 || res.status >= 500) {
        self.release(false, "Không hoàn tác được vì mất kết nối; hãy thử lại.");
      } else {
        self.release(false, errorText(res.data, "Không hoàn tác được."));
        self.sync(0).then(function () { self.render(); });
      }
      self.render();
    });
  };

  // --- acknowledged ballots and totals ---

  Room.prototype.count = function (b, sign) {
    if (!b.valid) {
      this.invalidCount += sign;
      return;
    }
    this.validCount += sign;
    var self = this;
    if (b.kept) b.kept.forEach(function (p) { self.votes[p] += sign; });
    if (b.marks) b.marks.forEach(function (m, i) { if (m === "agree") self.votes[i + 1] += sign; });
  };

  Room.prototype.ack = function (b) {
    if (!b || typeof b.number !== "number") return;
    var old = this.acked[b.number];
    if (old) this.count(old, -1);
    this.acked[b.number] = b;
    this.count(b, 1);
    if (b.number > this.lastAcked) this.lastAcked = b.number;
    this.piles[this.slot - 1] = Object.keys(this.acked).length;
  };

  Room.prototype.unack = function (number) {
    var old = this.acked[number];
    if (!old) return;
    this.count(old, -1);
    delete this.acked[number];
    var last = 0;
    Object.keys(this.acked).forEach(function (k) { if (+k > last) last = +k; });
    this.lastAcked = last;
    this.piles[this.slot - 1] = Object.keys(this.acked).length;
  };

  // sync reads the pile from the server: everything (after = 0, replacing what is known) or only
  // the ballots after a number; it also brings the other pile's count and the differences.
  Room.prototype.sync = function (after) {
    var self = this;
    // A full read replaces what is known: no ballot may be sent meanwhile, or its answer could be
    // lost under the replacement.
    if (!after) this.syncing = true;
    return request("GET", this.api + "?slot=" + this.slot + (after ? "&after=" + after : ""), null).then(function (res) {
      if (!after) self.syncing = false;
      if (res.status !== 200 || !res.data) {
        if (res.status === 401) self.say("Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại; các phiếu chờ gửi vẫn được giữ trên máy này.", true);
        return false;
      }
      var data = res.data;
      if (!after) {
        self.acked = {};
        self.lastAcked = 0;
        self.validCount = 0;
        self.invalidCount = 0;
        for (var i = 0; i <= self.n; i++) self.votes[i] = 0;
      }
      data.ballots.forEach(function (b) { self.ack(b); });
      self.piles = data.piles;
      self.differences = data.differences || [];
      self.threshold = data.threshold;
      self.base = data.base;
      if (data.round.closed && !self.closed) {
        self.closed = true;
        self.say("Vòng bầu đã kết thúc và được khóa: không nhập thêm phiếu.", true);
      }
      return true;
    });
  };

  Room.prototype.poll = function () {
    var self = this;
    setTimeout(function tick() {
      var busy = self.sending || self.syncing || self.locked || !self.loaded;
      var go = busy ? Promise.resolve(false) : self.sync(self.lastAcked);
      go.then(function (ok) {
        if (ok) self.render();
        setTimeout(tick, POLL_MS);
      });
    }, POLL_MS);
  };

  // --- storage of the queue ---

  Room.prototype.store = function () {
    try {
      if (!this.queue.length && !this.rejected.length) window.localStorage.removeItem(this.storageKey);
      else window.localStorage.setItem(this.storageKey, JSON.stringify({ queue: this.queue, rejected: this.rejected }));
      this.storageOK = true;
    } catch (err) {
      this.storageOK = false;
    }
  };

  Room.prototype.restore = function () {
    try {
      var raw = window.localStorage.getItem(this.storageKey);
      if (!raw) return;
      var saved = JSON.parse(raw);
      this.queue = Array.isArray(saved.queue) ? saved.queue : [];
      this.rejected = Array.isArray(saved.rejected) ? saved.rejected : [];
    } catch (err) {
      this.queue = [];
      this.rejected = [];
    }
  };

  // --- showing ---

  Room.prototype.say = function (text, bad) {
    var m = this.el.message;
    m.textContent = text || "";
    m.hidden = !text;
    m.classList.toggle("is-bad", !!bad);
  };

  Room.prototype.describe = function (b) {
    var parts = [];
    if (b.marks) {
      var ch = [];
      b.marks.forEach(function (m, i) { if (m !== "agree") ch.push((i + 1) + ": " + MARK_LABEL[m].toLowerCase()); });
      parts.push(ch.length ? ch.join("; ") : "đồng ý tất cả");
    } else {
      var struck = b.struck || [];
      parts.push(struck.length ? "gạch " + struck.join(", ") : "không gạch tên nào");
    }
    if (b.valid === false || b.invalid) parts.push("không hợp lệ — " + (b.reason_label || this.reasonLabel(b.invalid)));
    return parts.join("; ");
  };

  Room.prototype.render = function () {
    var e = this.editor, self = this;
    var editing = !this.closed && this.loaded;
    for (var p = 1; p <= this.n; p++) {
      var row = this.rows[p];
      var votes = this.votes[p];
      row.votes.textContent = numText(votes);
      row.pct.textContent = this.base > 0 ? percentText(votes, this.base) : "";
      row.tr.classList.toggle("is-over", votes >= this.threshold && this.threshold > 0);
      if (!editing) {
        row.mark.textContent = "";
        continue;
      }
      if (this.kind === "surplus") {
        var s = !!e.struck[p];
        row.tr.classList.toggle("is-struck", s);
        row.mark.textContent = s ? "Gạch" : "";
      } else {
        var m = e.marks[p - 1];
        row.tr.classList.toggle("is-changed", m !== "agree");
        row.mark.textContent = MARK_LABEL[m];
        row.mark.className = "col-mark mark-" + m;
      }
    }
    var shown = this.locked && this.locked.number ? this.locked.number : this.nextNumber();
    this.el.number.textContent = this.closed ? "—" : !this.loaded ? "…" : String(shown);
    this.el.number.classList.toggle("is-override", !!e.number);
    if (this.closed) {
      this.el.state.textContent = "Vòng bầu đã kết thúc và được khóa.";
    } else if (!this.loaded) {
      this.el.state.textContent = "Đang tải danh sách phiếu đã nhập…";
    } else {
      var pv = this.preview();
      this.el.state.textContent = pv.text;
      this.el.state.classList.toggle("is-bad", pv.bad);
    }
    this.el.typed.hidden = !this.typed;
    this.el.typed.textContent = this.typed ? "Đang gõ số: " + this.typed + " (dấu cách để chọn)" : "";
    this.el.reasons.hidden = this.mode !== "reason";
    this.root.classList.toggle("is-locked", !!this.locked);

    this.el.total.textContent = numText(this.validCount + this.invalidCount);
    this.el.valid.textContent = numText(this.validCount);
    this.el.invalid.textContent = numText(this.invalidCount);
    this.el.pending.textContent = numText(this.queue.length);
    this.el.pendingBox.classList.toggle("has-pending", this.queue.length > 0);
    var note = "";
    if (this.queue.length) {
      note = "Chờ gửi: phiếu số " + this.queue.map(function (it) { return it.number; }).join(", ") +
        (this.storageOK === false ? " (trình duyệt không cho lưu trên máy: đừng đóng trang)" : " (đã giữ trên máy này)");
      if (this.paused) note += " — tạm dừng gửi: đăng nhập lại rồi tải lại trang này.";
    } else if (this.issued && this.validCount + this.invalidCount >= this.issued) {
      note = "Đã nhập đủ " + numText(this.issued) + " phiếu.";
    }
    this.el.pendingNote.textContent = note;
    this.el.pendingNote.hidden = !note;
    if (this.paused) {
      var a = document.createElement("a");
      a.href = this.login;
      a.target = "_blank";
      a.textContent = " Đăng nhập lại";
      this.el.pendingNote.appendChild(a);
    }

    var rec = this.el.recent;
    rec.textContent = "";
    var nums = Object.keys(this.acked).map(Number).sort(function (a, b) { return b - a; }).slice(0, 8);
    this.queue.slice().reverse().forEach(function (it) {
      var li = document.createElement("li");
      li.className = "is-pending";
      li.textContent = "Số " + it.number + " — " + self.describe(it.body) + " · chờ gửi";
      rec.appendChild(li);
    });
    nums.forEach(function (n) {
      var b = self.acked[n];
      var li = document.createElement("li");
      if (!b.valid) li.className = "is-invalid";
      li.textContent = "Số " + n + " — " + self.describe(b);
      rec.appendChild(li);
    });
    if (this.double) this.renderDouble();
  };

  Room.prototype.renderDouble = function () {
    var other = this.slot === 1 ? 2 : 1;
    var piles = this.piles;
    var sum = "Người nhập 1: " + numText(piles[0]) + " phiếu · người nhập 2: " + numText(piles[1]) + " phiếu.";
    var real = this.differences.filter(function (x) { return x.first !== "(chưa nhập)" && x.second !== "(chưa nhập)"; });
    var missing = this.differences.length - real.length;
    if (piles[0] && piles[1]) {
      if (real.length) sum += " Hai người nhập khác nhau ở " + real.length + " phiếu: vòng bầu chưa thể kết thúc cho đến khi hai lần nhập khớp nhau.";
      else sum += " Các phiếu cả hai người đã nhập đều khớp nhau.";
      if (missing) sum += " " + missing + " phiếu mới có một người nhập.";
    } else {
      sum += " Người nhập " + other + " chưa nhập phiếu nào; vòng bầu chỉ kết thúc được khi hai lần nhập khớp nhau.";
    }
    this.el.doubleSummary.textContent = sum;
    var ul = this.el.diffs;
    ul.textContent = "";
    real.slice(0, 10).forEach(function (x) {
      var li = document.createElement("li");
      li.textContent = "Phiếu số " + x.number + ": người 1 — " + x.first + "; người 2 — " + x.second;
      ul.appendChild(li);
    });
    if (real.length > 10) {
      var more = document.createElement("li");
      more.textContent = "… và " + (real.length - 10) + " phiếu khác.";
      ul.appendChild(more);
    }
  };

  // --- wiring ---

  Room.prototype.start = function () {
    var self = this;
    this.restore();
    this.render();
    document.addEventListener("keydown", function (ev) { self.onKeyDown(ev); });
    // Touch and mouse do what the keys do, for a phone or a tablet without a keyboard.
    var list = $(this.root, "[data-list]");
    list.addEventListener("click", function (ev) {
      var tr = ev.target.closest("tr[data-pos]");
      if (!tr || self.closed || !self.loaded || self.locked || self.mode !== "normal") return;
      self.editor.keys++;
      self.toggle(parseInt(tr.dataset.pos, 10));
      self.render();
    });
    var actions = { save: "Enter", invalid: "*", back: "Backspace", undo: "-", help: "?" };
    $all(this.root, "[data-action]").forEach(function (btn) {
      btn.addEventListener("click", function () {
        btn.blur();
        var key = actions[btn.dataset.action];
        if (key === "?") self.el.help.hidden = !self.el.help.hidden;
        else if (!self.closed && self.loaded && !self.locked && self.handle(key)) self.render();
      });
    });
    $all(this.root, "[data-reason]").forEach(function (li) {
      li.addEventListener("click", function () {
        if (self.mode === "reason" && self.handle(li.dataset.digit)) self.render();
      });
    });
    window.addEventListener("online", function () { self.retryMs = 1000; self.pump(); });
    this.sync(0).then(function (ok) {
      self.loaded = ok;
      if (!ok) {
        self.buffer = [];
        self.say("Không tải được các phiếu đã nhập. Kiểm tra kết nối rồi tải lại trang.", true);
        self.render();
        return;
      }
      self.loadRejected();
      if (self.queue.length) self.say("Có " + self.queue.length + " phiếu nhập trước đây chưa gửi được: đang gửi lại.");
      self.replay();
      self.render();
      self.pump();
      self.poll();
    });
  };

  // request sends one API call and answers {status, data}; status 0 is a network failure or a
  // timeout.
  function request(method, url, body) {
    var ctl = typeof AbortController === "function" ? new AbortController() : null;
    var timer = ctl ? setTimeout(function () { ctl.abort(); }, REQUEST_TIMEOUT_MS) : null;
    var opts = { method: method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (ctl) opts.signal = ctl.signal;
    if (body) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (res) {
      return res.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (err) { data = null; }
        return { status: res.status, data: data };
      });
    }).catch(function () {
      return { status: 0, data: null };
    }).then(function (r) {
      if (timer) clearTimeout(timer);
      return r;
    });
  }

  // errorText is the server's Vietnamese message with its field messages.
  function errorText(data, fallback) {
    if (!data || !data.error) return fallback;
    var text = data.error.message || fallback;
    var fields = data.error.fields || {};
    Object.keys(fields).forEach(function (k) {
      if (fields[k] && text.indexOf(fields[k]) < 0) text += " " + fields[k];
    });
    return text;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("count-room");
    if (root) new Room(root).start();
  });
})();
