// The library page: a card per game (bundled ones, then the games the player
// opened), with its thumbnail, title, author, description, host profile and
// best score; keyboard (arrows, Enter, Delete) and gamepad (d-pad or stick, A,
// B) navigation. It only shows cards and reports choices: ArcadeApp loads
// games, makes thumbnails and reads scores.

/** What a card shows. */
export interface CardInfo {
  /** Unique per card: `bundled:<id>` or `yours:<library id>`. */
  readonly key: string;
  readonly section: 'bundled' | 'yours';
  title: string;
  author?: string;
  description?: string;
  /** The host profile, as a short label ("ABI v2", "WASM-4", "2018 demo"), once known. */
  profile?: string;
  /** The best score from the game's save, when the game says where it keeps one. */
  best?: number;
  /** Thumbnail URL; 'pending' while it is made; 'none' when the game showed nothing to take one from. */
  thumbnail?: string;
  /** Why there is no thumbnail (a tooltip). */
  problem?: string;
  /** Whether the game uses crisp pixels (thumbnail scaled nearest-neighbour). */
  pixelated?: boolean;
}

export interface LibraryHandlers {
  play(key: string): void;
  remove(key: string): void;
  open(): void;
  /** Esc / gamepad B: back to the game waiting behind the library, if any. */
  back(): void;
}

type Direction = 'up' | 'down' | 'left' | 'right';

const OPEN_KEY = 'open';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class LibraryPage {
  readonly root: HTMLElement;
  private readonly bundledGrid: HTMLElement;
  private readonly yoursGrid: HTMLElement;
  private readonly resume: HTMLButtonElement;
  private readonly count: HTMLElement;
  private cards = new Map<string, { info: CardInfo; el: HTMLElement }>();
  private focused: string | undefined;
  /** A card to focus when it comes (select() before the cards were made). */
  private wanted: string | undefined;

  constructor(
    parent: HTMLElement,
    private readonly handlers: LibraryHandlers,
  ) {
    this.root = el('section', 'library');
    this.root.id = 'library';
    this.root.hidden = true;
    this.root.setAttribute('aria-label', 'Game library');
    const inner = el('div', 'library-inner');
    const head = el('header', 'library-head');
    const heading = el('div', 'library-heading');
    heading.append(el('h1', 'library-title', 'Games'), (this.count = el('span', 'library-count')));
    const hints = el('div', 'library-hints');
    hints.innerHTML =
      '<span><kbd>←</kbd><kbd>↑</kbd><kbd>→</kbd><kbd>↓</kbd> choose</span><span><kbd>Enter</kbd> play</span><span class="hint-back"><kbd>Esc</kbd> back to the game</span><span><kbd>Del</kbd> remove</span><span><kbd>Ctrl</kbd>+<kbd>O</kbd> open a .wasm</span><span>Gamepad: d-pad, <kbd>A</kbd> play, <kbd>B</kbd> back</span>';
    head.append(heading, hints);
    this.resume = el('button', 'library-resume');
    this.resume.type = 'button';
    this.resume.hidden = true;
    this.resume.addEventListener('click', () => handlers.back());
    this.bundledGrid = el('div', 'card-grid');
    this.bundledGrid.id = 'library-bundled';
    this.yoursGrid = el('div', 'card-grid');
    this.yoursGrid.id = 'library-yours';
    inner.append(head, this.resume, el('h2', 'library-section', 'Arcade'), this.bundledGrid, el('h2', 'library-section', 'Your games'), this.yoursGrid);
    this.root.append(inner);
    parent.append(this.root);
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  show(resumeTitle?: string): void {
    this.root.hidden = false;
    this.resume.hidden = resumeTitle === undefined;
    this.root.classList.toggle('has-game', resumeTitle !== undefined);
    this.resume.innerHTML = '';
    if (resumeTitle !== undefined) this.resume.append('Paused: ', el('strong', '', resumeTitle), ' — ', el('kbd', '', 'Esc'), ' or ', el('kbd', '', 'B'), ' to go back to it');
    this.focus(this.focused && this.cards.has(this.focused) ? this.focused : this.first());
  }

  hide(): void {
    this.root.hidden = true;
  }

  /** Replaces every card (in order); keeps the focus on the same game if it is still there. */
  setCards(cards: readonly CardInfo[]): void {
    const old = this.cards;
    this.cards = new Map();
    this.bundledGrid.replaceChildren();
    this.yoursGrid.replaceChildren();
    for (const info of cards) {
      const card = this.render(info, old.get(info.key)?.el);
      this.cards.set(info.key, { info, el: card });
      (info.section === 'bundled' ? this.bundledGrid : this.yoursGrid).append(card);
    }
    if (cards.every((c) => c.section !== 'bundled')) this.bundledGrid.append(el('p', 'library-empty', 'This build has no bundled games.'));
    const open = old.get(OPEN_KEY)?.el ?? this.openCard();
    this.cards.set(OPEN_KEY, { info: { key: OPEN_KEY, section: 'yours', title: 'Open a game' }, el: open });
    this.yoursGrid.append(open);
    const n = cards.length;
    this.count.textContent = `${n} game${n === 1 ? '' : 's'}`;
    if (this.wanted !== undefined && this.cards.has(this.wanted)) this.focused = this.wanted;
    this.wanted = undefined;
    if (this.focused === undefined || !this.cards.has(this.focused)) this.focused = this.first();
    this.updateTabStops();
    // the page opened before its cards were there, or the focused card was just replaced: focus it now
    const active = document.activeElement;
    if (this.visible && (!active || active === document.body || !active.isConnected || this.root.contains(active) || active.id === 'stage')) this.focus(this.focused);
  }

  /** Updates one card in place (a thumbnail, score or profile that arrived). */
  update(key: string, change: Partial<CardInfo>): void {
    const card = this.cards.get(key);
    if (!card) return;
    Object.assign(card.info, change);
    // The card element itself stays: a click whose press and release straddle
    // an update (a thumbnail arriving) must still land on it — replaced, the
    // click went to neither element and the game did not start.
    const fresh = this.render(card.info, card.el);
    card.el.replaceChildren(...fresh.childNodes);
    card.el.className = fresh.className;
    for (const name of ['aria-label', 'data-key']) card.el.setAttribute(name, fresh.getAttribute(name) ?? '');
    this.updateTabStops();
  }

  /** The first card (in the order shown) still waiting for its thumbnail. */
  pendingKey(): string | undefined {
    for (const [key, { info }] of this.cards) if (info.thumbnail === 'pending') return key;
    return undefined;
  }

  /** The card the player would play with Enter. */
  get selected(): string | undefined {
    return this.focused;
  }

  /** Focuses `key`'s card; before the cards are there (the library's first showing), once they come. */
  select(key: string): void {
    if (this.cards.has(key)) this.focused = key;
    else this.wanted = key;
  }

  // --- input ---

  /** A key while the library shows; returns whether it was used. */
  key(event: KeyboardEvent): boolean {
    const dirs: Record<string, Direction> = { ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' };
    const dir = dirs[event.code];
    if (dir) {
      this.move(dir);
      return true;
    }
    switch (event.code) {
      case 'Enter':
      case 'NumpadEnter':
      case 'Space':
        if (!event.repeat) this.activate();
        return true;
      case 'Delete':
        if (this.focused?.startsWith('yours:') && !event.repeat) this.handlers.remove(this.focused);
        return true;
      case 'Home':
        this.focus(this.first());
        return true;
      case 'End':
        this.focus([...this.cards.keys()].at(-1));
        return true;
      case 'Escape':
        if (!event.repeat) this.handlers.back();
        return true;
    }
    return false;
  }

  /** A gamepad action (the app turns the pad's d-pad, stick and buttons into these). */
  pad(action: Direction | 'a' | 'b'): void {
    if (action === 'a') this.activate();
    else if (action === 'b') this.handlers.back();
    else this.move(action);
  }

  private activate(): void {
    const key = this.focused;
    if (key === OPEN_KEY) this.handlers.open();
    else if (key) this.handlers.play(key);
  }

  /** Moves the focus to the nearest card in that direction (by where the cards are on screen, whatever the grid). */
  private move(dir: Direction): void {
    const from = this.focused ? this.cards.get(this.focused)?.el : undefined;
    if (!from) return this.focus(this.first());
    const a = from.getBoundingClientRect();
    const ax = a.left + a.width / 2;
    const ay = a.top + a.height / 2;
    let best: string | undefined;
    let bestScore = Infinity;
    for (const [key, { el: card }] of this.cards) {
      if (card === from) continue;
      const b = card.getBoundingClientRect();
      const dx = b.left + b.width / 2 - ax;
      const dy = b.top + b.height / 2 - ay;
      const along = dir === 'left' ? -dx : dir === 'right' ? dx : dir === 'up' ? -dy : dy;
      const across = dir === 'left' || dir === 'right' ? Math.abs(dy) : Math.abs(dx);
      if (along <= 1) continue;
      // rows first for left/right, columns first for up/down
      const score = along + across * 3;
      if (score < bestScore) {
        bestScore = score;
        best = key;
      }
    }
    if (best) this.focus(best);
  }

  private focus(key: string | undefined): void {
    if (key === undefined) return;
    this.focused = key;
    this.updateTabStops();
    const card = this.cards.get(key)?.el;
    if (card && this.visible) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  private first(): string | undefined {
    return this.cards.keys().next().value;
  }

  private updateTabStops(): void {
    for (const [key, { el: card }] of this.cards) {
      card.tabIndex = key === this.focused ? 0 : -1;
      card.classList.toggle('selected', key === this.focused);
    }
  }

  // --- DOM ---

  private render(info: CardInfo, reuse?: HTMLElement): HTMLElement {
    const card = el('article', 'card');
    card.dataset['key'] = info.key;
    card.setAttribute('role', 'button');
    card.setAttribute('aria-label', `${info.title}${info.author ? ` by ${info.author}` : ''}`);
    const thumb = el('div', 'card-thumb');
    const oldImg = reuse?.querySelector('img');
    if (info.thumbnail && info.thumbnail !== 'pending' && info.thumbnail !== 'none') {
      const img = oldImg && oldImg.getAttribute('src') === info.thumbnail ? oldImg : Object.assign(document.createElement('img'), { src: info.thumbnail, alt: '' });
      img.draggable = false;
      thumb.append(img);
      thumb.classList.toggle('pixelated', info.pixelated === true);
    } else {
      const placeholder = el('div', info.thumbnail === 'pending' ? 'thumb-placeholder pending' : 'thumb-placeholder', info.title.slice(0, 1).toUpperCase());
      placeholder.title = info.problem ?? 'Its picture is taken from its first second: when it is played, or shown here with no game waiting';
      thumb.append(placeholder);
    }
    const body = el('div', 'card-body');
    body.append(el('div', 'card-title', info.title));
    if (info.author) body.append(el('div', 'card-author', `by ${info.author}`));
    body.append(el('p', 'card-description', info.description ?? ''));
    const foot = el('div', 'card-foot');
    if (info.profile) foot.append(el('span', 'card-profile', info.profile));
    if (info.best !== undefined) {
      const best = el('span', 'card-best');
      best.append('Best ', el('strong', '', info.best.toLocaleString('en-US', { maximumFractionDigits: 2 })));
      foot.append(best);
    }
    foot.append(el('span', 'card-spacer'));
    if (info.section === 'yours') {
      const remove = el('button', 'card-remove', 'Remove');
      remove.type = 'button';
      remove.tabIndex = -1;
      remove.title = 'Remove from your games (Delete)';
      remove.addEventListener('click', (e) => {
        e.stopPropagation();
        this.handlers.remove(info.key);
      });
      foot.append(remove);
    }
    body.append(foot);
    card.append(thumb, body);
    card.addEventListener('click', () => {
      this.focus(info.key);
      this.handlers.play(info.key);
    });
    card.addEventListener('focus', () => {
      if (this.focused !== info.key) {
        this.focused = info.key;
        this.updateTabStops();
      }
    });
    return card;
  }

  private openCard(): HTMLElement {
    const card = el('article', 'card card-open');
    card.dataset['key'] = OPEN_KEY;
    card.setAttribute('role', 'button');
    card.setAttribute('aria-label', 'Open a .wasm game');
    const inner = el('div', 'card-open-inner');
    inner.append(el('div', 'card-open-plus', '+'), el('div', 'card-open-title', 'Open a .wasm game'), el('div', 'card-open-hint', 'or drop one anywhere on this window — WASM-4 carts and 2018-demo games too'));
    card.append(inner);
    card.addEventListener('click', () => {
      this.focus(OPEN_KEY);
      this.handlers.open();
    });
    card.addEventListener('focus', () => {
      this.focused = OPEN_KEY;
      this.updateTabStops();
    });
    return card;
  }
}
