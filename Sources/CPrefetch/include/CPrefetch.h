#ifndef RECLAB_CPREFETCH_H
#define RECLAB_CPREFETCH_H
/// Software prefetch hints for the samplers' random memory accesses (Swift has no prefetch intrinsic).
/// `reclab_prefetch` asks the CPU to bring the cache line holding `p` into all cache levels for a
/// read; `reclab_prefetch_write` for a write. Both are hints: they never fault and change no result.
static inline void reclab_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }
static inline void reclab_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }
#endif
