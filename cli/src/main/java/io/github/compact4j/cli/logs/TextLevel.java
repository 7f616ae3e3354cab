package io.github.compact4j.cli.logs;

/** Reads the level of a console-pattern line from its bytes, without making a string. */
final class TextLevel {

    private TextLevel() {}

    /** @return the level's rank, or -1 when it cannot be read here (the parser will decide) */
    static int rank(byte[] b, int s, int e) {
        int i = s + (b[s + 2] == ':' ? 13 : 24);
        while (i < e && b[i] == ' ') {
            i++;
        }
        if (i + 4 > e) {
            return -1;
        }
        switch (b[i]) {
            case 'T': return 0;
            case 'D': return 1;
            case 'I': return 2;
            case 'W': return 3;
            case 'E': return 4;
            default: return -1;
        }
    }
}
