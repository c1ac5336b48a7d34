package io.wsgate.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) a process has used so far, from /proc (Linux); -1 elsewhere. */
final class ProcessCpu {

    /** Clock ticks per second of /proc/PID/stat; 100 on every common Linux configuration. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    static long nanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (1-based).
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Write system calls the process has made so far ({@code syscw} of /proc/PID/io); -1 where unknown. */
    static long writeSyscalls(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("syscw:")) return Long.parseLong(line.substring(6).trim());
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
