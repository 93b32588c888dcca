/* Build-time tool: reads an English word list (Debian's wamerican,
 * /usr/share/dict/american-english, from SCOWL: the same source Debian
 * builds hunspell-en-us from) and writes it as a C source file: the words
 * folded to lower case, sorted and unique, NUL-separated in one byte
 * array, with an array of their offsets for binary search. Possessives
 * and words with letters outside ASCII are left out (questions are folded
 * to ASCII before they are looked up). Usage: wordlist LIST OUT.c */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WORD_MAX 48

/* Orders by the word, then lower-case use ('c') before a capital ('P'). */
static int
cmp_word(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t nx = strlen(x) - 1, ny = strlen(y) - 1;
    int c = strncmp(x, y, nx < ny ? nx : ny);

    if (c == 0 && nx != ny)
        c = nx < ny ? -1 : 1;
    return c ? c : (int)(unsigned char)x[nx] - (int)(unsigned char)y[ny];
}

/* True if @a and @b are the same word, whatever their marks. */
static int
same_word(const char *a, const char *b)
{
    size_t na = strlen(a) - 1, nb = strlen(b) - 1;

    return na == nb && strncmp(a, b, na) == 0;
}

int
main(int argc, char **argv)
{
    char line[256], **words = NULL;
    size_t n = 0, cap = 0, i, kept = 0, off = 0;
    FILE *in, *out;

    if (argc != 3) {
        fprintf(stderr, "usage: wordlist LIST OUT.c\n");
        return 2;
    }
    in = fopen(argv[1], "r");
    if (!in) {
        fprintf(stderr, "wordlist: cannot open %s\n", argv[1]);
        return 1;
    }
    while (fgets(line, sizeof(line), in)) {
        size_t len = strcspn(line, "\r\n"), k;
        int ok = len > 0 && len < WORD_MAX;
        int proper = len > 0 && isupper((unsigned char)line[0]);
        for (k = 0; ok && k < len; k++) {
            ok = isalpha((unsigned char)line[k]) && !(line[k] & 0x80);
            line[k] = (char)tolower((unsigned char)line[k]);
        }
        if (!ok)
            continue;
        /* the last byte marks a word the list only has capitalised */
        line[len] = proper ? 'P' : 'c';
        line[len + 1] = '\0';
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            words = realloc(words, cap * sizeof(*words));
            if (!words)
                return 1;
        }
        words[n] = strdup(line);
        if (!words[n++])
            return 1;
    }
    fclose(in);
    qsort(words, n, sizeof(*words), cmp_word);
    out = fopen(argv[2], "w");
    if (!out) {
        fprintf(stderr, "wordlist: cannot write %s\n", argv[2]);
        return 1;
    }
    fprintf(out,
            "/* Generated from %s by tools/wordlist.c. */\n"
            "const char bot_english_words[] = {",
            argv[1]);
    /* a run of one word: its first entry says whether it is ever written
     * in lower case ('c' sorts before 'P') */
    for (i = 0; i < n; i++) {
        size_t k, len = strlen(words[i]) - 1;
        if (i > 0 && same_word(words[i - 1], words[i]))
            continue;
        fprintf(out, "\n   ");
        for (k = 0; k < len; k++)
            fprintf(out, " %d,", (unsigned char)words[i][k]);
        fprintf(out, " 0,");
    }
    fprintf(out, "\n    0};\nconst unsigned int bot_english_word_at[] = {");
    for (i = 0; i < n; i++) {
        if (i > 0 && same_word(words[i - 1], words[i]))
            continue;
        fprintf(out, "%s%zu,", kept % 12 ? " " : "\n    ", off);
        off += strlen(words[i]);
        kept++;
    }
    fprintf(out, "\n    0};\nconst unsigned int bot_english_nwords = %zu;\n",
            kept);
    /* one bit a word: 1 if the list has it only with a capital ("Venn") */
    fprintf(out, "const unsigned char bot_english_proper[] = {");
    {
        unsigned char bits = 0;
        size_t w = 0;
        for (i = 0; i < n; i++) {
            if (i > 0 && same_word(words[i - 1], words[i]))
                continue;
            if (words[i][strlen(words[i]) - 1] == 'P')
                bits |= (unsigned char)(1u << (w % 8));
            if (w % 8 == 7) {
                fprintf(out, "%s%u,", (w / 8) % 16 ? " " : "\n    ", bits);
                bits = 0;
            }
            w++;
        }
        fprintf(out, "\n    %u};\n", bits);
    }
    fclose(out);
    for (i = 0; i < n; i++)
        free(words[i]);
    free(words);
    fprintf(stderr, "wordlist: %zu words\n", kept);
    return 0;
}
