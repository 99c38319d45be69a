package dev.gatelab.notebook;

/**
 * What Gatelab needs of a Java kernel to show things in the running cell: an output with text and HTML, and the same
 * output replaced in place. Each kernel family has a small adapter behind it ({@code ijava.IJavaOutput},
 * {@code jjava.JJavaOutput}), compiled against that kernel's own library; nothing else in Gatelab touches a kernel.
 */
public interface NotebookOutput {
    /**
     * Shows a new output in the running cell.
     *
     * @param text the plain-text form, for front ends that show no HTML
     * @param html the HTML form
     * @return an id by which {@link #update} replaces it
     */
    String show(String text, String html);

    /**
     * Replaces an output shown earlier (Jupyter's update_display_data).
     *
     * @param id what {@link #show} returned
     * @param text the plain-text form
     * @param html the HTML form
     */
    void update(String id, String text, String html);
}
