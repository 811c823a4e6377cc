// Command chime-proxy-sdkgen writes the Python, TypeScript and Go SDKs of a Pulumi package
// schema with the Pulumi CLI's own code generators, at the CLI's release, so that SDK
// generation needs no language plugins.
//
// Usage: chime-proxy-sdkgen SCHEMA_JSON OUT_DIR
//
// OUT_DIR/python, OUT_DIR/nodejs and OUT_DIR/go are replaced by the generated trees.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool is the generator name the SDKs' headers carry.
const tool = "chime-proxy-sdkgen"

type generator func(pkg *schema.Package) (map[string][]byte, error)

var generators = map[string]generator{
	"python": func(pkg *schema.Package) (map[string][]byte, error) {
		files, err := python.GeneratePackage(tool, pkg, nil, nil)
		if err != nil {
			return nil, err
		}
		// pyproject.toml names README.md beside it, but the generator writes the README
		// into the package directory only; without a copy the SDK does not build.
		if _, ok := files["pyproject.toml"]; ok {
			info, ok := pkg.Language["python"].(python.PackageInfo)
			if !ok {
				return nil, fmt.Errorf("the schema's python options did not bind")
			}
			readme, ok := files[info.PackageName+"/README.md"]
			if !ok {
				return nil, fmt.Errorf("no %s/README.md to put beside pyproject.toml", info.PackageName)
			}
			files["README.md"] = readme
		}
		return files, nil
	},
	// localSDK: the SDK is installed from this repository, not from npm, so its package
	// compiles itself on install (a postinstall running tsc) and names bin/index.js as main,
	// as `pulumi package add` makes local SDKs.
	"nodejs": func(pkg *schema.Package) (map[string][]byte, error) {
		return nodejs.GeneratePackage(tool, pkg, nil, nil, true, nil)
	},
	"go": func(pkg *schema.Package) (map[string][]byte, error) {
		return gogen.GeneratePackage(tool, pkg, nil)
	},
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: chime-proxy-sdkgen SCHEMA_JSON OUT_DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
}

// bind reads and validates the schema as `pulumi package gen-sdk` does (metaschema
// included), freshly for each language, since each generator records its options in it.
func bind(schemaPath string) (*schema.Package, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewNullLoader(), schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %s", schemaPath, diags.Error())
	}
	return pkg, nil
}

func run(schemaPath, outDir string) error {
	languages := make([]string, 0, len(generators))
	for language := range generators {
		languages = append(languages, language)
	}
	sort.Strings(languages)
	for _, language := range languages {
		pkg, err := bind(schemaPath)
		if err != nil {
			return err
		}
		files, err := generators[language](pkg)
		if err != nil {
			return fmt.Errorf("%s SDK: %w", language, err)
		}
		if err := write(filepath.Join(outDir, language), files); err != nil {
			return err
		}
	}
	return nil
}

// write replaces dir with files, through a staging directory beside it.
func write(dir string, files map[string][]byte) error {
	staging := dir + ".tmp"
	if err := os.RemoveAll(staging); err != nil {
		return err
	}
	for name, content := range files {
		target := filepath.Join(staging, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(staging, dir)
}
