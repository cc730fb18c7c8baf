// The machine's peak fp32 and bf16 multiply-add throughput, for reading
// `stancetag bench` figures as a fraction of it (README, "Speed").
// Build and run: gcc -O2 -mavx512f -mavx512bf16 -pthread scripts/peak_flops.c -o /tmp/peak_flops && /tmp/peak_flops
// Twelve independent accumulator chains per thread (more than FMA latency
// times issue width), one thread per core: fp32 VFMADD (16 lanes x 2 FLOP)
// and bf16 VDPBF16PS (32 products + 32 adds into 16 fp32 lanes).
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ITERS 100000000L
#define R(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11)
#define DECL(i) __m512 x##i = _mm512_set1_ps(i * 1e-3f);
#define SUM(i) s = _mm512_add_ps(s, x##i);

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *fp32(void *out) {
  R(DECL)
  __m512 m = _mm512_set1_ps(0.9999f), c = _mm512_set1_ps(1e-4f);
  for (long n = 0; n < ITERS; n++) {
#define FMA(i) x##i = _mm512_fmadd_ps(x##i, m, c);
    R(FMA)
    __asm__ volatile("" ::: "memory");
  }
  __m512 s = _mm512_setzero_ps();
  R(SUM)
  *(float *)out = _mm512_reduce_add_ps(s);
  return 0;
}

static void *bf16(void *out) {
  R(DECL)
  __m512bh m = (__m512bh)_mm512_set1_epi16(0x3f80), c = (__m512bh)_mm512_set1_epi16(0x3c00);
  for (long n = 0; n < ITERS; n++) {
#define DOT(i) x##i = _mm512_dpbf16_ps(x##i, m, c);
    R(DOT)
    __asm__ volatile("" ::: "memory");
  }
  __m512 s = _mm512_setzero_ps();
  R(SUM)
  *(float *)out = _mm512_reduce_add_ps(s);
  return 0;
}

static double run(void *(*f)(void *), int threads) {
  pthread_t t[64];
  float r[64];
  double start = now();
  for (int i = 0; i < threads; i++) pthread_create(&t[i], 0, f, &r[i]);
  for (int i = 0; i < threads; i++) pthread_join(t[i], 0);
  return now() - start;
}

int main(int argc, char **argv) {
  int max = argc > 1 ? atoi(argv[1]) : 2;
  for (int th = 1; th <= max && th <= 64; th++) {
    double t = run(fp32, th);
    printf("fp32 FMA        %d thread(s): %6.1f GFLOP/s\n", th, th * (double)ITERS * 12 * 16 * 2 / t / 1e9);
    t = run(bf16, th);
    printf("bf16 VDPBF16PS  %d thread(s): %6.1f GFLOP/s\n", th, th * (double)ITERS * 12 * 32 * 2 / t / 1e9);
  }
  return 0;
}
