/**
 * The README's examples as whole programs: each README code block is a region of one of these classes
 * ({@code // @start region=…} … {@code // @end}), and {@code ReadmeSnippetsTest} checks that the README
 * quotes them verbatim and runs every one, so the README cannot drift from code that works.
 */
package io.aionet.examples.readme;
