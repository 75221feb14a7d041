// classify.go — a Go program calling TensorFlow Lite's C API through cgo, the way Go bindings such
// as mattn/go-tflite do (`#cgo pkg-config: tensorflowlite_c`, `#include "tensorflow/lite/c/c_api.h"`),
// built against an installed tflc. It runs an image classifier on golden cases (CASE/input_0.bin),
// checks that the output equals TensorFlow Lite's (CASE/output_0.bin) byte for byte, and prints the
// top-1 class with its label.
//
// Usage: classify MODEL LABELS CASE_DIR...    exit status 0 when every case matches.
package main

/*
#cgo pkg-config: tensorflowlite_c
#include <stdlib.h>
#include "tensorflow/lite/c/c_api.h"
*/
import "C"

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"unsafe"
)

// readLabels returns the lines of a label file (one class a line, index = line number).
func readLabels(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var labels []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		labels = append(labels, scanner.Text())
	}
	return labels, scanner.Err()
}

// classifier owns the C API objects for one model; close releases them.
type classifier struct {
	model       *C.TfLiteModel
	options     *C.TfLiteInterpreterOptions
	interpreter *C.TfLiteInterpreter
}

// newClassifier loads the model and allocates its tensors, as a TFLite client does once.
func newClassifier(modelPath string) (*classifier, error) {
	path := C.CString(modelPath)
	defer C.free(unsafe.Pointer(path))
	c := &classifier{model: C.TfLiteModelCreateFromFile(path)}
	if c.model == nil {
		return nil, fmt.Errorf("%s: TfLiteModelCreateFromFile failed", modelPath)
	}
	c.options = C.TfLiteInterpreterOptionsCreate()
	C.TfLiteInterpreterOptionsSetNumThreads(c.options, 2)
	c.interpreter = C.TfLiteInterpreterCreate(c.model, c.options)
	if c.interpreter == nil {
		c.close()
		return nil, fmt.Errorf("%s: TfLiteInterpreterCreate failed", modelPath)
	}
	if C.TfLiteInterpreterAllocateTensors(c.interpreter) != C.kTfLiteOk {
		c.close()
		return nil, fmt.Errorf("%s: TfLiteInterpreterAllocateTensors failed", modelPath)
	}
	return c, nil
}

func (c *classifier) close() {
	if c.interpreter != nil {
		C.TfLiteInterpreterDelete(c.interpreter)
	}
	if c.options != nil {
		C.TfLiteInterpreterOptionsDelete(c.options)
	}
	if c.model != nil {
		C.TfLiteModelDelete(c.model)
	}
}

// run copies input into input tensor 0, invokes, and returns a copy of output tensor 0.
func (c *classifier) run(input []byte) ([]byte, error) {
	in := C.TfLiteInterpreterGetInputTensor(c.interpreter, 0)
	if len(input) == 0 || int(C.TfLiteTensorByteSize(in)) != len(input) {
		return nil, fmt.Errorf("input has %d bytes, the model's input tensor %d", len(input), int(C.TfLiteTensorByteSize(in)))
	}
	if C.TfLiteTensorCopyFromBuffer(in, unsafe.Pointer(&input[0]), C.size_t(len(input))) != C.kTfLiteOk {
		return nil, fmt.Errorf("TfLiteTensorCopyFromBuffer failed")
	}
	if C.TfLiteInterpreterInvoke(c.interpreter) != C.kTfLiteOk {
		return nil, fmt.Errorf("TfLiteInterpreterInvoke failed")
	}
	out := C.TfLiteInterpreterGetOutputTensor(c.interpreter, 0)
	if C.TfLiteTensorType(out) != C.kTfLiteUInt8 {
		return nil, fmt.Errorf("output tensor is not uint8 (type %d)", int(C.TfLiteTensorType(out)))
	}
	output := make([]byte, int(C.TfLiteTensorByteSize(out)))
	if len(output) == 0 || C.TfLiteTensorCopyToBuffer(out, unsafe.Pointer(&output[0]), C.size_t(len(output))) != C.kTfLiteOk {
		return nil, fmt.Errorf("TfLiteTensorCopyToBuffer failed")
	}
	return output, nil
}

// checkCase runs one golden case and prints its top-1 class; an error says what differed.
func checkCase(c *classifier, labels []string, dir string) error {
	input, err := os.ReadFile(filepath.Join(dir, "input_0.bin"))
	if err != nil {
		return err
	}
	golden, err := os.ReadFile(filepath.Join(dir, "output_0.bin"))
	if err != nil {
		return err
	}
	scores, err := c.run(input)
	if err != nil {
		return fmt.Errorf("%s: %v", dir, err)
	}
	if !bytes.Equal(scores, golden) {
		for i := range scores {
			if i >= len(golden) || scores[i] != golden[i] {
				return fmt.Errorf("%s: output differs from TensorFlow Lite's (%d vs %d bytes, first difference at byte %d)", dir, len(scores), len(golden), i)
			}
		}
		return fmt.Errorf("%s: output has %d bytes, TensorFlow Lite's %d", dir, len(scores), len(golden))
	}
	best := 0
	for i := range scores {
		if scores[i] > scores[best] {
			best = i
		}
	}
	label := "?"
	if best < len(labels) {
		label = labels[best]
	}
	fmt.Printf("%s: identical to TensorFlow Lite; top-1 %d %s (score %d/255)\n", filepath.Base(dir), best, label, scores[best])
	return nil
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintf(os.Stderr, "usage: %s MODEL LABELS CASE_DIR...\n", os.Args[0])
		os.Exit(2)
	}
	fmt.Printf("TensorFlow Lite C API %s (cgo)\n", C.GoString(C.TfLiteVersion()))
	labels, err := readLabels(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "labels:", err)
		os.Exit(1)
	}
	c, err := newClassifier(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer c.close()
	failed := 0
	for _, dir := range os.Args[3:] {
		if err := checkCase(c, labels, dir); err != nil {
			fmt.Fprintln(os.Stderr, "FAILED:", err)
			failed++
		}
	}
	if failed > 0 {
		c.close()
		os.Exit(1)
	}
}
