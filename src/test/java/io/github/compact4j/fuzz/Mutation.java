package io.github.compact4j.fuzz;

/** The ways the fuzz breaks a valid conversation. */
enum Mutation {
    // on the tree
    /** Removes a field anywhere. */
    DROP_FIELD,
    /** Gives a value, preferably a known field's, a value of another JSON type. */
    RETYPE_VALUE,
    /** Changes an item's, message's or block's {@code type} or {@code role} to another known or unknown one. */
    RETYPE_ITEM,
    /** Copies an element of an array next to itself: duplicate calls, results, messages and ids. */
    DUPLICATE_ELEMENT,
    /** Removes an element of an array: orphaned calls and results. */
    DROP_ELEMENT,
    /** Moves an element of an array elsewhere in it: results before their calls. */
    MOVE_ELEMENT,
    /** Points a call id at another call, or at no call. */
    REWIRE_CALL_ID,
    /** Replaces a string with one of hundreds of thousands of characters. */
    HUGE_STRING,
    /** Replaces a string with lone surrogates, NULs, non-characters and the like. */
    ODD_UNICODE,
    /** Replaces a value with an odd number: huge, tiny, negative zero, NaN, too many digits. */
    ODD_NUMBER,
    /** Empties an array or object. */
    EMPTY_CONTAINER,
    /** Wraps the whole document in another array or object, or replaces it with a scalar. */
    WRAP_DOCUMENT,
    /** Puts a value nested 5,000 levels deep, or right at the limit, somewhere in the tree. */
    DEEP_VALUE,
    // on the text
    /** Cuts the text short. */
    TRUNCATE_TEXT,
    /** Inserts, deletes or replaces a few characters. */
    EDIT_TEXT,
    /** Repeats a key in an object. */
    DUPLICATE_KEY,
    // on the bytes
    /** Writes bytes that are invalid in the stream's encoding, or cuts a character in half. */
    BAD_BYTES
}
