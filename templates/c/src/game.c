/* {{title}}: a Wasm Arcade game in C. Arrows move the ship, Space fires a ring.
 * `npm run dev` rebuilds and reloads it in the browser on every save. */
#include "../arcade.h"

ARCADE_GAME("{{title}}", 160, 120);
ARCADE_META("description", "Made with arcade new");

#define W 160.0f
#define H 120.0f
#define SPEED 60.0f
#define MAX_RINGS 16
#define STARS 24

static float ship_x, ship_y;
static int left, right, up, down;
static float rings[MAX_RINGS][3];
static int ring_count;
static float stars[STARS][2];
static arcade_u32 rng_state, frames;

/* xorshift32: all randomness comes from the seed, so a replay is exact. */
static arcade_u32 next_random(void) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

static float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Writes n in decimal at out; returns the length. */
static int format_uint(char *out, arcade_u32 n) {
  char tmp[12];
  int len = 0, i = 0;
  do tmp[len++] = (char)('0' + n % 10); while ((n /= 10) != 0);
  while (len) out[i++] = tmp[--len];
  return i;
}

ARCADE_EXPORT(init) void init(int width, int height, arcade_u32 seed) {
  (void)width;
  (void)height;
  rng_state = seed ? seed : 1;
  ship_x = W / 2;
  ship_y = H / 2;
  for (int i = 0; i < STARS; i++) {
    stars[i][0] = (float)(next_random() % 160);
    stars[i][1] = (float)(next_random() % 120);
  }
}

ARCADE_EXPORT(key_down) void key_down(arcade_u32 code) {
  if (code == ARCADE_KEY_LEFT) left = 1;
  if (code == ARCADE_KEY_RIGHT) right = 1;
  if (code == ARCADE_KEY_UP) up = 1;
  if (code == ARCADE_KEY_DOWN) down = 1;
  if (code == ARCADE_KEY_SPACE && ring_count < MAX_RINGS) {
    rings[ring_count][0] = ship_x;
    rings[ring_count][1] = ship_y;
    rings[ring_count][2] = 2;
    ring_count++;
    arcade_log("ring");
  }
}

ARCADE_EXPORT(key_up) void key_up(arcade_u32 code) {
  if (code == ARCADE_KEY_LEFT) left = 0;
  if (code == ARCADE_KEY_RIGHT) right = 0;
  if (code == ARCADE_KEY_UP) up = 0;
  if (code == ARCADE_KEY_DOWN) down = 0;
}

ARCADE_EXPORT(update) void update(float dt) {
  frames++;
  ship_x = clampf(ship_x + (float)(right - left) * SPEED * dt, 4, W - 4);
  ship_y = clampf(ship_y + (float)(down - up) * SPEED * dt, 4, H - 4);
  int kept = 0;
  for (int i = 0; i < ring_count; i++) {
    rings[i][2] += 40 * dt;
    if (rings[i][2] < 60) {
      rings[kept][0] = rings[i][0];
      rings[kept][1] = rings[i][1];
      rings[kept][2] = rings[i][2];
      kept++;
    }
  }
  ring_count = kept;
}

ARCADE_EXPORT(draw) void draw(void) {
  arcade_clear(ARCADE_RGB(0x10, 0x18, 0x28));
  for (int i = 0; i < STARS; i++) arcade_rect(stars[i][0], stars[i][1], 1, 1, ARCADE_RGB(0x80, 0x80, 0x80));
  for (int i = 0; i < ring_count; i++) {
    float fade = 1 - rings[i][2] / 60;
    arcade_circle(rings[i][0], rings[i][1], rings[i][2], ARCADE_RGBA(0, 0xff, 0xff, (arcade_u32)(fade * 120)));
  }
  arcade_line(ship_x - 4, ship_y + 4, ship_x, ship_y - 5, 1.5f, ARCADE_RGB(0xff, 0xff, 0));
  arcade_line(ship_x, ship_y - 5, ship_x + 4, ship_y + 4, 1.5f, ARCADE_RGB(0xff, 0xff, 0));
  const char *title = "{{title}}";
  float width = (float)arcade_strlen(title) * ARCADE_TEXT_ADVANCE * 8;
  arcade_text(title, (W - width) / 2, 4, 8, ARCADE_RGB(0xff, 0xff, 0xff));
  char seconds[12];
  arcade_text_n(seconds, (arcade_u32)format_uint(seconds, frames / 60), 4, H - 12, 8, ARCADE_RGB(0x80, 0x80, 0x80));
}
