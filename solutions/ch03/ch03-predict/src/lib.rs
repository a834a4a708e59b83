//! # Exercise ch03-predict: the count, line by line
//!
//! Every unit of an object's reference count is a holder: a name, or a slot
//! of a container. Predicting a count is listing the holders. The program
//! is in this exercise's README; the tests know each right count only as a
//! digest, and name the lines you got wrong.

/// How many references the program holds to the list `x` after each of the
/// nine numbered lines (line 7: inside the call).
pub fn predictions() -> [usize; 9] {
    //~ TODO: The nine counts, in line order: for each line, the number of
    //~ TODO: holders of `x` once the line has run.
    //~ SOLUTION BEGIN
    [1, 2, 4, 5, 4, 2, 4, 2, 1]
    //~ SOLUTION END
}
