/*
 * ckernels: a C workload for `npm run bench`, written for issue 15 as a stand-in
 * for CoreMark, which cannot be obtained here (docs/performance.md, "CoreMark").
 * It is NOT CoreMark and its numbers are not CoreMark scores. It was written from
 * a one-line description of the kinds of work CoreMark is known for, without its
 * source: linked-list find / sort / reverse, small integer matrix arithmetic, a
 * character-driven state machine that scans numbers, and a CRC-16 over every
 * result. It also brings a C compiler's code (clang's) into a suite of rustc output.
 *
 * Built by bench/build.mjs: clang --target=wasm32 -O2 -nostdlib, no imports,
 * exports run(n) -> u64 (a checksum) like the Rust workloads.
 */

typedef unsigned char u8;
typedef unsigned short u16;
typedef short i16;
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;

/* clang calls memset to zero local arrays; there is no libc (-nostdlib). The
   attribute stops clang from turning this loop back into a call to itself. */
__attribute__((no_builtin("memset"))) void *memset(void *d, int c, unsigned long len) {
  u8 *p = (u8 *)d;
  while (len--) *p++ = (u8)c;
  return d;
}

/* ---- CRC-16 (polynomial 0x1021, MSB first, bit by bit) ---- */

static u16 crc8(u16 crc, u8 b) {
  crc ^= (u16)(b << 8);
  for (int k = 0; k < 8; k++) crc = (crc & 0x8000) ? (u16)((crc << 1) ^ 0x1021) : (u16)(crc << 1);
  return crc;
}

static u16 crc16(u16 crc, u16 v) { return crc8(crc8(crc, (u8)v), (u8)(v >> 8)); }

static u16 crc32w(u16 crc, u32 v) { return crc16(crc16(crc, (u16)v), (u16)(v >> 16)); }

/* a small LCG for inputs; its state is threaded through so nothing folds at compile time */
static u32 lcg(u32 *s) {
  *s = *s * 1103515245u + 12345u;
  return *s >> 8;
}

/* ---- linked lists ---- */

struct node {
  struct node *next;
  i16 key;
  u16 seq;
};

#define NODES 200
static struct node pool[NODES];

typedef int (*cmp_fn)(const struct node *, const struct node *);

static int by_key(const struct node *a, const struct node *b) {
  return a->key != b->key ? (a->key < b->key ? -1 : 1) : (int)a->seq - (int)b->seq;
}

static int by_seq(const struct node *a, const struct node *b) { return (int)a->seq - (int)b->seq; }

static struct node *list_build(u32 *s) {
  struct node *head = 0;
  for (int i = NODES - 1; i >= 0; i--) {
    pool[i].key = (i16)(lcg(s) & 0x3ff) - 0x200;
    pool[i].seq = (u16)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static struct node *list_reverse(struct node *head) {
  struct node *prev = 0;
  while (head) {
    struct node *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

/* position of the first node with this key, or -1 */
static int list_find(const struct node *p, i16 key) {
  int pos = 0;
  for (; p; p = p->next, pos++)
    if (p->key == key) return pos;
  return -1;
}

/* bottom-up merge sort of a singly linked list, stable, comparator by pointer */
static struct node *list_sort(struct node *head, cmp_fn cmp) {
  if (!head) return head;
  for (int width = 1;; width *= 2) {
    struct node *p = head, *tail = 0;
    int merges = 0;
    head = 0;
    while (p) {
      merges++;
      struct node *q = p;
      int psize = 0;
      for (int i = 0; i < width && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = width;
      while (psize > 0 || (qsize > 0 && q)) {
        struct node *e;
        if (psize == 0) {
          e = q; q = q->next; qsize--;
        } else if (qsize == 0 || !q || cmp(p, q) <= 0) {
          e = p; p = p->next; psize--;
        } else {
          e = q; q = q->next; qsize--;
        }
        if (tail) tail->next = e;
        else head = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return head;
  }
}

/* unlink the node at position pos and put it first */
static struct node *list_move_front(struct node *head, int pos) {
  if (pos <= 0 || !head) return head;
  struct node *prev = head;
  for (int i = 1; i < pos && prev->next; i++) prev = prev->next;
  struct node *n = prev->next;
  if (!n) return head;
  prev->next = n->next;
  n->next = head;
  return n;
}

static u16 list_work(u16 crc, u32 *s) {
  struct node *head = list_build(s);
  for (int k = 0; k < 6; k++) {
    int found = 0, missed = 0;
    for (int f = 0; f < 24; f++) {
      i16 key = (i16)(lcg(s) & 0x3ff) - 0x200;
      int pos = list_find(head, key);
      if (pos < 0) missed++;
      else {
        found += pos;
        head = list_move_front(head, pos);
      }
    }
    crc = crc16(crc, (u16)found);
    crc = crc16(crc, (u16)missed);
    head = list_reverse(head);
    head = list_sort(head, (k & 1) ? by_seq : by_key);
    /* walk the sorted list: its order is part of the result */
    u32 h = 0;
    for (struct node *p = head; p; p = p->next) h = h * 31 + (u16)p->key + ((u32)p->seq << 16);
    crc = crc32w(crc, h);
    /* change a few keys so the next sort has work to do */
    for (struct node *p = head; p; p = p->next)
      if ((p->seq & 7) == (u16)(k + 1)) p->key = (i16)(p->key ^ (i16)(lcg(s) & 0x7f));
  }
  return crc;
}

/* ---- small integer matrices ---- */

#define M 12
static i16 ma[M][M], mb[M][M];
static i32 mc[M][M];

static void mat_fill(u32 *s) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      ma[i][j] = (i16)((lcg(s) & 0xff) - 0x80);
      mb[i][j] = (i16)((lcg(s) & 0xff) - 0x80);
    }
}

static void mat_add_const(i16 a[M][M], i16 v) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) a[i][j] = (i16)(a[i][j] + v);
}

static void mat_mul_const(i32 c[M][M], i16 a[M][M], i16 v) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) c[i][j] = (i32)a[i][j] * (i32)v;
}

static void mat_mul_vec(i32 c[M][M], i16 a[M][M], i16 b[M][M], int col) {
  for (int i = 0; i < M; i++) {
    i32 sum = 0;
    for (int j = 0; j < M; j++) sum += (i32)a[i][j] * (i32)b[j][col];
    c[i][col] = sum;
  }
}

static void mat_mul(i32 c[M][M], i16 a[M][M], i16 b[M][M]) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      i32 sum = 0;
      for (int k = 0; k < M; k++) sum += (i32)a[i][k] * (i32)b[k][j];
      c[i][j] = sum;
    }
}

/* a product whose terms are bit fields of the element products */
static void mat_mul_fields(i32 c[M][M], i16 a[M][M], i16 b[M][M]) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      i32 sum = 0;
      for (int k = 0; k < M; k++) {
        i32 p = (i32)a[i][k] * (i32)b[k][j];
        sum += ((p >> 3) & 0x1f) * ((p >> 7) & 0x3f);
      }
      c[i][j] = sum;
    }
}

static u16 mat_crc(u16 crc) {
  i32 sum = 0;
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      sum += mc[i][j];
      if (sum > 4000000) {
        crc = crc16(crc, 1);
        sum = 0;
      } else if (sum < -4000000) {
        crc = crc16(crc, 2);
        sum = 0;
      }
    }
  return crc32w(crc, (u32)sum);
}

static u16 matrix_work(u16 crc, u32 *s) {
  mat_fill(s);
  i16 v = (i16)(lcg(s) & 0x3f) + 1;
  mat_add_const(ma, v);
  mat_mul_const(mc, ma, v);
  crc = mat_crc(crc);
  for (int col = 0; col < M; col++) mat_mul_vec(mc, ma, mb, col);
  crc = mat_crc(crc);
  mat_mul(mc, ma, mb);
  crc = mat_crc(crc);
  mat_mul_fields(mc, ma, mb);
  crc = mat_crc(crc);
  mat_add_const(ma, (i16)-v);
  mat_mul(mc, mb, ma);
  return mat_crc(crc);
}

/* ---- a state machine scanning numbers ---- */

enum { S_START, S_SIGN, S_INT, S_ZERO, S_HEX, S_POINT, S_FRAC, S_E, S_ESIGN, S_EXP, S_BAD, S_COUNT };

#define TEXT 512
static u8 text[TEXT];

/* fill the text with comma-separated tokens: integers, signed numbers, decimals,
   exponents, hex, and some junk */
static void text_fill(u32 *s) {
  static const u8 junk[] = "+-.eE0x9aZ,";
  int n = 0;
  while (n < TEXT - 24) {
    u32 r = lcg(s);
    int kind = (int)(r % 7);
    if (kind == 1 || kind == 4) text[n++] = (r & 0x100) ? '-' : '+';
    if (kind == 5) {
      text[n++] = '0';
      text[n++] = 'x';
      for (int d = 0; d < 1 + (int)((r >> 4) & 3); d++) text[n++] = (u8)"0123456789abcdef"[lcg(s) & 15];
    } else if (kind == 6) {
      for (int d = 0; d < 1 + (int)((r >> 4) & 3); d++) text[n++] = junk[lcg(s) % (sizeof junk - 1)];
    } else {
      int digits = 1 + (int)((r >> 4) & 7);
      for (int d = 0; d < digits; d++) text[n++] = (u8)('0' + lcg(s) % 10);
      if (kind >= 2) {
        text[n++] = '.';
        for (int d = 0; d < 1 + (int)((r >> 8) & 3); d++) text[n++] = (u8)('0' + lcg(s) % 10);
      }
      if (kind >= 3) {
        text[n++] = (r & 0x200) ? 'e' : 'E';
        if (r & 0x400) text[n++] = '-';
        text[n++] = (u8)('0' + lcg(s) % 10);
      }
    }
    text[n++] = ',';
  }
  while (n < TEXT) text[n++] = ' ';
}

static int is_digit(u8 c) { return c >= '0' && c <= '9'; }
static int is_hex(u8 c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

static u16 scan(u16 crc, const u8 *p, int len) {
  u32 finals[S_COUNT] = {0};
  u32 moves[S_COUNT] = {0};
  u32 value = 0;
  int state = S_START;
  for (int i = 0; i <= len; i++) {
    u8 c = i < len ? p[i] : ',';
    int next;
    if (c == ',' || c == ' ') {
      finals[state]++;
      if (state == S_INT || state == S_HEX || state == S_ZERO) crc = crc32w(crc, value);
      value = 0;
      next = S_START;
    } else {
      switch (state) {
      case S_START:
        if (c == '0') next = S_ZERO;
        else if (is_digit(c)) { next = S_INT; value = c - '0'; }
        else if (c == '+' || c == '-') next = S_SIGN;
        else if (c == '.') next = S_POINT;
        else next = S_BAD;
        break;
      case S_SIGN:
        if (is_digit(c)) { next = S_INT; value = c - '0'; }
        else if (c == '.') next = S_POINT;
        else next = S_BAD;
        break;
      case S_ZERO:
        if (c == 'x' || c == 'X') next = S_HEX;
        else if (is_digit(c)) { next = S_INT; value = c - '0'; }
        else if (c == '.') next = S_POINT;
        else if (c == 'e' || c == 'E') next = S_E;
        else next = S_BAD;
        break;
      case S_INT:
        if (is_digit(c)) { next = S_INT; value = value * 10 + (c - '0'); }
        else if (c == '.') next = S_POINT;
        else if (c == 'e' || c == 'E') next = S_E;
        else next = S_BAD;
        break;
      case S_HEX:
        if (is_hex(c)) { next = S_HEX; value = value * 16 + (u32)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10); }
        else next = S_BAD;
        break;
      case S_POINT:
        next = is_digit(c) ? S_FRAC : S_BAD;
        break;
      case S_FRAC:
        if (is_digit(c)) next = S_FRAC;
        else if (c == 'e' || c == 'E') next = S_E;
        else next = S_BAD;
        break;
      case S_E:
        if (c == '+' || c == '-') next = S_ESIGN;
        else next = is_digit(c) ? S_EXP : S_BAD;
        break;
      case S_ESIGN:
      case S_EXP:
        next = is_digit(c) ? S_EXP : S_BAD;
        break;
      default:
        next = S_BAD;
        break;
      }
      if (next != state) moves[state]++;
    }
    state = next;
  }
  for (int k = 0; k < S_COUNT; k++) {
    crc = crc16(crc, (u16)finals[k]);
    crc = crc16(crc, (u16)moves[k]);
  }
  return crc;
}

static u16 state_work(u16 crc, u32 *s, u32 round) {
  crc = scan(crc, text, TEXT);
  /* corrupt a few characters (a different few each round) and scan again */
  static const u8 swap[] = "0.9e-x,+7";
  for (int k = 0; k < 4; k++) {
    u32 at = lcg(s) % TEXT;
    text[at] = swap[(round + (u32)k) % (sizeof swap - 1)];
  }
  return scan(crc, text, TEXT);
}

/* ---- entry ---- */

__attribute__((export_name("run"))) u64 run(u32 n) {
  u32 s = 0x1234567u ^ n;
  u16 crc_list = 0xffff, crc_mat = 0xffff, crc_state = 0xffff;
  text_fill(&s);
  for (u32 r = 0; r < n; r++) {
    crc_list = list_work(crc_list, &s);
    crc_mat = matrix_work(crc_mat, &s);
    crc_state = state_work(crc_state, &s, r);
    if ((r & 63) == 63) text_fill(&s);
  }
  return ((u64)crc_list << 32) | ((u64)crc_mat << 16) | crc_state | ((u64)(s & 0xffff) << 48);
}
