package io.github.compact4j.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A {@code --since} or {@code --until} value: an instant, and the same moment as a time of day
 * for log lines that carry no date. Accepted forms:
 * <ul>
 *   <li>{@code 2026-11-23T10:15:30Z}, {@code 2026-11-23T10:15:30+01:00}: that instant;</li>
 *   <li>{@code 2026-11-23T10:15:30}, {@code 2026-11-23 10:15:30.250}, {@code 2026-11-23}: in the
 *       {@code --zone};</li>
 *   <li>{@code 10:15}, {@code 10:15:30.250}: that time today, in the {@code --zone};</li>
 *   <li>{@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}: that long ago.</li>
 * </ul>
 *
 * @param instant the moment
 * @param timeOfDay the moment's time of day in the zone
 */
record TimeArg(Instant instant, LocalTime timeOfDay) {

    static TimeArg parse(String option, String value, ZoneId zone, Clock clock) {
        String v = value.strip();
        Instant at = null;
        try {
            if (v.matches("\\d+[smhd]")) {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                Duration d = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                at = clock.instant().minus(d);
            } else if (v.matches("\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?")) {
                LocalTime t = LocalTime.parse(v.replace(',', '.'));
                at = ZonedDateTime.of(LocalDate.now(clock.withZone(zone)), t, zone).toInstant();
            } else if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
                at = LocalDate.parse(v).atStartOfDay(zone).toInstant();
            } else {
                String iso = v.replace(' ', 'T').replace(',', '.');
                if (iso.endsWith("Z") || iso.toUpperCase(Locale.ROOT).endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                    at = OffsetDateTime.parse(iso).toInstant();
                } else {
                    at = LocalDateTime.parse(iso).atZone(zone).toInstant();
                }
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            at = null;
        }
        if (at == null) {
            throw CliException.usage(option + " '" + value + "' is not a time: use 2026-11-23T10:15:30Z, "
                    + "2026-11-23 10:15:30 (in --zone), 10:15 (today), or 15m / 2h / 1d (ago)");
        }
        return new TimeArg(at, at.atZone(zone).toLocalTime());
    }
}
