package org.metamerbench.api.harness;

import java.util.regex.Pattern;

/**
 * The one rule for names that become file or folder names (model ids, stage names, run ids,
 * experiment names): letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100
 * characters. Such a name has no separator, cannot be "." or "..", and so cannot leave its folder.
 */
public final class SafeName {
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private SafeName() {
    }

    public static boolean isSafe(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /**
     * Returns {@code name}, or throws naming {@code what} (e.g. "model id", "stage name of cnn-s1") and
     * the rule.
     */
    public static String check(String what, String name) {
        if (!isSafe(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a safe name: use letters, digits, "
                    + "'.', '_' and '-', starting with a letter or digit, at most 100 characters");
        }
        return name;
    }
}
