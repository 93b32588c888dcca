/* FNV-1a, 64 bits: quick hashes for keys and fingerprints (not crypto). */
#ifndef BOT_HASH_H
#define BOT_HASH_H

#include <stddef.h>
#include <stdint.h>

#define BOT_HASH_INIT 14695981039346656037ULL /* the offset basis */

/* @h (BOT_HASH_INIT to start) folded with @n bytes at @p. */
static inline uint64_t
bot_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *c = p;

    while (n--)
        h = (h ^ *c++) * 1099511628211ULL;
    return h;
}

/* @h folded with the bytes of @s, without its NUL. */
static inline uint64_t
bot_hash_str(uint64_t h, const char *s)
{
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

#endif
