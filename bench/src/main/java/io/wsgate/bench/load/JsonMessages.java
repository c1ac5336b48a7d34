package io.wsgate.bench.load;

import java.util.SplittableRandom;

/**
 * Chat-like JSON messages of an exact size in bytes (ASCII), as a notification or chat application sends them:
 * the same keys every time, ids, timestamps and a text drawn from a small vocabulary. Seeded, so every run and
 * variant gets the same messages. Enough distinct ones that a connection cycling through them never finds a whole
 * earlier message inside deflate's 32 KiB window.
 */
final class JsonMessages {

    static final int DISTINCT = 1024;

    private static final String[] WORDS = {"the", "build", "is", "green", "again", "after", "merge", "of", "branch",
            "please", "review", "my", "pull", "request", "when", "you", "have", "time", "deploy", "finished", "on",
            "staging", "server", "latency", "went", "down", "to", "ms", "thanks", "for", "quick", "fix", "meeting",
            "moved", "tomorrow", "morning", "ticket", "closed", "customer", "reported", "issue", "with", "login",
            "page", "cache", "cleared", "release", "notes", "updated", "lunch", "anyone", "coffee", "break", "now"};
    private static final String[] ROOMS = {"general", "backend", "frontend", "ops", "random", "support"};
    private static final String[] USERS = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter"};

    private JsonMessages() {
    }

    /** {@link #DISTINCT} messages of exactly {@code size} bytes each. */
    static String[] generate(int size) {
        SplittableRandom random = new SplittableRandom(0x7692L);
        String[] messages = new String[DISTINCT];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = one(i, size, random);
        }
        return messages;
    }

    static String one(int index, int size, SplittableRandom random) {
        String user = USERS[random.nextInt(USERS.length)];
        StringBuilder json = new StringBuilder(size + 64)
                .append("{\"type\":\"chat.message\",\"id\":").append(100_000 + index)
                .append(",\"room\":\"").append(ROOMS[random.nextInt(ROOMS.length)])
                .append("\",\"user\":{\"id\":").append(1000 + random.nextInt(9000))
                .append(",\"name\":\"").append(user).append("\",\"avatar\":\"/avatars/").append(user).append(".png\"}")
                .append(",\"sentAt\":\"2026-12-01T05:").append(10 + random.nextInt(50)).append(':')
                .append(10 + random.nextInt(50)).append('.').append(100 + random.nextInt(900)).append("Z\"")
                .append(",\"reactions\":{\"thumbsUp\":").append(random.nextInt(20))
                .append(",\"heart\":").append(random.nextInt(5)).append('}')
                .append(",\"text\":\"");
        String end = "\"}";
        while (json.length() < size - end.length()) {
            json.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(8) == 0 ? ". " : " ");
        }
        json.setLength(size - end.length());
        return json.append(end).toString();
    }
}
