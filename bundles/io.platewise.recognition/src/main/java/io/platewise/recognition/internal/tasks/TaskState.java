package io.platewise.recognition.internal.tasks;

/** A task's lifecycle: running and stopped ones can change; archived ones are kept for their tracklets only. */
public enum TaskState { RUNNING, STOPPED, ARCHIVED }
