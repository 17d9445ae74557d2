//! Dynamic dispatch and allocation: a scene of `Box<dyn Entity>` trait
//! objects of several concrete types; each round updates them through the
//! vtable, drops some, allocates replacements (Box, Vec and String churn) and
//! folds their state into a checksum. Uses the default (dlmalloc) allocator.

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

trait Entity {
    fn update(&mut self, t: u32) -> u64;
    fn alive(&self) -> bool;
    fn weight(&self) -> u32;
}

struct Walker {
    x: i32,
    y: i32,
    dx: i32,
    life: u32,
}
impl Entity for Walker {
    fn update(&mut self, t: u32) -> u64 {
        self.x += self.dx;
        self.y += (t & 3) as i32 - 1;
        self.life = self.life.saturating_sub(1);
        (self.x as u32 as u64) ^ ((self.y as u32 as u64) << 20)
    }
    fn alive(&self) -> bool {
        self.life > 0
    }
    fn weight(&self) -> u32 {
        1
    }
}

struct Swarm {
    members: Vec<u32>,
    life: u32,
}
impl Entity for Swarm {
    fn update(&mut self, t: u32) -> u64 {
        let mut h = 0u64;
        for m in self.members.iter_mut() {
            *m = m.wrapping_mul(1_103_515_245).wrapping_add(t);
            h = h.wrapping_add(*m as u64);
        }
        if t % 3 == 0 && self.members.len() < 24 {
            self.members.push(t);
        }
        self.life = self.life.saturating_sub(1);
        h
    }
    fn alive(&self) -> bool {
        self.life > 0
    }
    fn weight(&self) -> u32 {
        self.members.len() as u32
    }
}

struct Label {
    text: String,
    life: u32,
}
impl Entity for Label {
    fn update(&mut self, t: u32) -> u64 {
        if self.text.len() > 40 {
            self.text.truncate(8);
        }
        self.text.push((b'a' + (t % 26) as u8) as char);
        self.life = self.life.saturating_sub(1);
        self.text.bytes().fold(0u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01B3))
    }
    fn alive(&self) -> bool {
        self.life > 0
    }
    fn weight(&self) -> u32 {
        self.text.len() as u32
    }
}

struct Node {
    value: u64,
    next: Option<Box<Node>>,
}
struct Chain {
    head: Option<Box<Node>>,
    len: u32,
    life: u32,
}
impl Entity for Chain {
    fn update(&mut self, t: u32) -> u64 {
        if self.len < 16 {
            let old = self.head.take();
            self.head = Some(Box::new(Node { value: t as u64 * 2654435761, next: old }));
            self.len += 1;
        } else {
            // Drop the whole chain and start over.
            let mut cur = self.head.take();
            while let Some(mut node) = cur {
                cur = node.next.take();
            }
            self.len = 0;
        }
        let mut h = 0u64;
        let mut cur = &self.head;
        while let Some(node) = cur {
            h = h.rotate_left(7) ^ node.value;
            cur = &node.next;
        }
        self.life = self.life.saturating_sub(1);
        h
    }
    fn alive(&self) -> bool {
        self.life > 0
    }
    fn weight(&self) -> u32 {
        self.len
    }
}

fn spawn(rng: &mut Rng) -> Box<dyn Entity> {
    let r = rng.next();
    let life = 4 + (r >> 40) as u32 % 60;
    match r % 4 {
        0 => Box::new(Walker { x: (r >> 8) as i32 & 1023, y: 0, dx: (r % 7) as i32 - 3, life }),
        1 => Box::new(Swarm { members: vec![(r >> 16) as u32; 1 + (r >> 20) as usize % 8], life }),
        2 => Box::new(Label { text: String::from("entity"), life }),
        _ => Box::new(Chain { head: None, len: 0, life }),
    }
}

#[no_mangle]
pub extern "C" fn run(n: u32) -> u64 {
    let mut rng = Rng(0x853C_49E6_748F_EA9B);
    let mut scene: Vec<Box<dyn Entity>> = (0..256).map(|_| spawn(&mut rng)).collect();
    let mut sum = 0u64;
    for t in 0..n {
        for e in scene.iter_mut() {
            sum = sum.rotate_left(3) ^ e.update(t);
        }
        let mut weight = 0u32;
        scene.retain(|e| {
            weight = weight.wrapping_add(e.weight());
            e.alive()
        });
        while scene.len() < 256 {
            scene.push(spawn(&mut rng));
        }
        sum = sum.wrapping_add(weight as u64);
    }
    sum
}
