package io.platewise.synth;

import java.awt.Color;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * A plate layout of one region: its text formats ({@code L} letter, {@code D} digit, {@code X} either, anything else
 * literal), its proportions and colours, and the regular expression the read text (separators
 * removed) must match. The label of a plate is its text without separators.
 */
enum PlateLayout {
    US_CALIFORNIA("us", 2.0, List.of("DLLLDDD"), "[0-9][A-Z]{3}[0-9]{3}", Band.TOP_TITLE, new Color(250, 250, 252),
            new Color(20, 40, 110), new Color(190, 30, 40), List.of("California")),
    US_GENERIC("us", 2.0, List.of("LLL DDDD", "LLL-DDDD", "DDD LLL", "LLD DLL", "LLLDDDD", "DLLDDD"),
            "[A-Z0-9]{6,7}", Band.TOP_TITLE, new Color(245, 245, 240), new Color(25, 25, 30), new Color(30, 60, 140),
            List.of("TEXAS", "FLORIDA", "NEW YORK", "OHIO", "GEORGIA", "ILLINOIS", "ARIZONA", "NEVADA", "OREGON",
                    "UTAH", "COLORADO", "VIRGINIA", "MAINE", "IOWA", "IDAHO", "KANSAS")),
    US_DARK("us", 2.0, List.of("LLL DDDD", "DLLL DD", "LLL-DDD"), "[A-Z0-9]{6,7}", Band.TOP_TITLE, new Color(20, 40, 90),
            new Color(240, 240, 240), new Color(240, 200, 40), List.of("NEVADA", "ALASKA", "DELAWARE", "MICHIGAN")),
    US_YELLOW("us", 2.0, List.of("LLL DDDD", "DDD LLL"), "[A-Z0-9]{6,7}", Band.TOP_TITLE, new Color(245, 205, 50),
            new Color(20, 20, 60), new Color(20, 20, 60), List.of("NEW YORK", "PENNSYLVANIA", "ARIZONA")),
    EU_GERMANY("de", 4.7, List.of("LL LL DDDD", "L LL DDD", "LLL L DD", "LL L DDDD"), "[A-Z]{1,3}[A-Z]{1,2}[0-9]{1,4}",
            Band.EU_LEFT, Color.WHITE, Color.BLACK, null, List.of("D")),
    EU_SPAIN("es", 4.7, List.of("DDDD LLL"), "[0-9]{4}[BCDFGHJKLMNPRSTVWXYZ]{3}", Band.EU_LEFT, Color.WHITE, Color.BLACK,
            null, List.of("E")),
    EU_ITALY("it", 4.7, List.of("LL DDDLL"), "[A-Z]{2}[0-9]{3}[A-Z]{2}", Band.EU_BOTH, Color.WHITE, Color.BLACK, null,
            List.of("I")),
    EU_FRANCE("fr", 4.7, List.of("LL-DDD-LL"), "[A-Z]{2}[0-9]{3}[A-Z]{2}", Band.EU_BOTH, Color.WHITE, Color.BLACK, null,
            List.of("F")),
    EU_ROMANIA("ro", 4.7, List.of("L DDD LLL", "LL DD LLL"), "[A-Z]{1,2}[0-9]{2,3}[A-Z]{3}", Band.EU_LEFT, Color.WHITE,
            Color.BLACK, null, List.of("RO")),
    BR_OLD("br", 3.08, List.of("LLL-DDDD"), "[A-Z]{3}[0-9]{4}", Band.TOP_TITLE, new Color(190, 192, 195), new Color(25, 25, 25),
            new Color(25, 25, 25), List.of("SP - SAO PAULO", "RJ - RIO DE JANEIRO", "MG - BELO HORIZONTE", "PR - CURITIBA")),
    BR_MERCOSUR("br", 3.08, List.of("LLLDLDD"), "[A-Z]{3}[0-9][A-Z][0-9]{2}", Band.MERCOSUR, Color.WHITE, Color.BLACK,
            Color.WHITE, List.of("BRASIL")),
    // Added with the outline fonts; the demo clip draws only from the layouts above (DEMO_LAYOUTS).
    US_VANITY("us", 2.0, List.of("XXXXX", "XXXXXX", "XXXXXXX", "LLLLLL", "LLLLLLL", "XX XXXX", "XXX XXXX", "LLLLLLLL"),
            "[A-Z0-9]{5,8}", Band.TOP_TITLE, new Color(248, 248, 245), new Color(30, 30, 90), new Color(150, 20, 30),
            List.of("Sunshine State", "CALIFORNIA", "Texas", "Florida", "WASHINGTON", "NEW JERSEY", "MARYLAND", "Colorado")),
    US_GRAPHIC("us", 2.0, List.of("LLL DDDD", "LLL-DDDD", "DLLLDDD", "DDD LLL", "LLD DDDD", "DDDDLL", "LLDDDD", "DDD DDD", "LLL DDD"),
            "[A-Z0-9]{6,7}", Band.TOP_TITLE, new Color(235, 242, 250), new Color(20, 30, 70), new Color(20, 60, 140),
            List.of("Pennsylvania", "Illinois", "Massachusetts", "Minnesota", "Wisconsin", "Tennessee", "Kentucky", "Missouri",
                    "Louisiana", "Oklahoma", "N. CAROLINA", "S. CAROLINA", "Connecticut", "New Mexico")),
    BR_OLD_COMMERCIAL("br", 3.08, List.of("LLL-DDDD", "LLL DDDD"), "[A-Z]{3}[0-9]{4}", Band.TOP_TITLE, new Color(180, 30, 30),
            new Color(245, 245, 245), new Color(245, 245, 245), List.of("SP - SAO PAULO", "RS - PORTO ALEGRE", "BA - SALVADOR",
                    "SC - FLORIANOPOLIS")),
    // Regions none of our evaluation sets hold, so that readers learn plates rather than three countries' plates.
    UK_REAR("uk", 4.7, List.of("LLDD LLL"), "[A-Z]{2}[0-9]{2}[A-Z]{3}", Band.EU_LEFT, new Color(250, 205, 20), Color.BLACK, null,
            List.of("UK", "GB")),
    UK_FRONT("uk", 4.7, List.of("LLDD LLL"), "[A-Z]{2}[0-9]{2}[A-Z]{3}", Band.EU_LEFT, Color.WHITE, Color.BLACK, null,
            List.of("UK", "GB")),
    EU_NETHERLANDS("nl", 4.7, List.of("LL-DDD-L", "DD-LLL-D", "L-DDD-LL", "LLL-DD-L", "D-LLL-DD"), "[A-Z0-9]{6}", Band.EU_LEFT,
            new Color(250, 200, 20), Color.BLACK, null, List.of("NL")),
    EU_POLAND("pl", 4.7, List.of("LL DDDDD", "LLL DDLL", "LL DDDLL", "LLL DDDD"), "[A-Z]{2,3}[0-9A-Z]{4,5}", Band.EU_LEFT, Color.WHITE,
            Color.BLACK, null, List.of("PL")),
    AU_STATE("au", 2.8, List.of("LL DD LL", "LLL DDL", "DLL DLL", "DDD LLL", "LLL DDD"), "[A-Z0-9]{6}", Band.TOP_TITLE,
            new Color(248, 248, 248), new Color(20, 40, 120), new Color(20, 40, 120),
            List.of("NSW", "VICTORIA - THE PLACE TO BE", "QUEENSLAND", "Sunshine State", "WA", "SA", "TASMANIA")),
    IN_HSRP("in", 4.2, List.of("LL DD LL DDDD", "LL DD L DDDD", "LL DDLL DDDD"), "[A-Z]{2}[0-9]{2}[A-Z]{1,2}[0-9]{4}", Band.EU_LEFT,
            Color.WHITE, Color.BLACK, null, List.of("IND"));

    /** The layouts of the generator's first version, in their order: the demo clip draws from these, so that it stays the same. */
    static final List<PlateLayout> DEMO_LAYOUTS = List.of(US_CALIFORNIA, US_GENERIC, US_DARK, US_YELLOW, EU_GERMANY, EU_SPAIN,
            EU_ITALY, EU_FRANCE, EU_ROMANIA, BR_OLD, BR_MERCOSUR);

    enum Band { TOP_TITLE, EU_LEFT, EU_BOTH, MERCOSUR }

    static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String SPANISH_LETTERS = "BCDFGHJKLMNPRSTVWXYZ";

    final String region;
    final double aspect;
    final List<String> formats;
    final Pattern labelPattern;
    final Band band;
    final Color background;
    final Color text;
    final Color accent;
    final List<String> titles;

    PlateLayout(String region, double aspect, List<String> formats, String labelPattern, Band band, Color background,
            Color text, Color accent, List<String> titles) {
        this.region = region;
        this.aspect = aspect;
        this.formats = formats;
        this.labelPattern = Pattern.compile(labelPattern);
        this.band = band;
        this.background = background;
        this.text = text;
        this.accent = accent;
        this.titles = titles;
    }

    /** Printed text, with the layout's separators. */
    String randomText(Random random) {
        String format = formats.get(random.nextInt(formats.size()));
        String letters = this == EU_SPAIN ? SPANISH_LETTERS : LETTERS;
        StringBuilder text = new StringBuilder();
        for (char c : format.toCharArray()) {
            text.append(switch (c) {
                case 'L' -> letters.charAt(random.nextInt(letters.length()));
                case 'D' -> (char) ('0' + random.nextInt(10));
                case 'X' -> random.nextInt(36) < 26 ? letters.charAt(random.nextInt(letters.length())) : (char) ('0' + random.nextInt(10));
                default -> c;
            });
        }
        return text.toString();
    }

    /** The label of a printed text: characters only, as readers are scored. */
    static String label(String printed) {
        return printed.replaceAll("[^A-Z0-9]", "");
    }
}
